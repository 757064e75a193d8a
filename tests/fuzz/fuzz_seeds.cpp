// kavosh-fuzz-seeds SAMPLE.jsonl OUT: the seed corpora of the fuzz targets,
// made from the project's sample corpus at build time (nothing of it is
// committed twice): OUT/<target>/<name>, each file laid out as that target's
// header comment says.
//   analyzer     each title and body
//   query        queries made of title words with every operator of query_syntax.h
//   readers      records as JSON lines, a JSON array, CSV, TSV, a plain-text dump and a text
//                file, behind the selector bytes (plain, gzip and UTF-16; small buffers too)
//   snippets     a title's words as the query, a body (and long bodies of several)
//   checkpoints  checkpoint tables of bodies, with matches
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/checkpoint_table.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Record {
  json fields;
  std::string title, body, source, date;
  std::vector<std::string> words;  // the title's, split at spaces
};

std::vector<Record> read_sample(const std::string& path) {
  std::vector<Record> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Record r;
    r.fields = json::parse(line);
    r.title = r.fields.value("title", "");
    r.body = r.fields.value("body", "");
    r.source = r.fields.value("source", "");
    r.date = r.fields.value("date", "").substr(0, 10);
    std::string word;
    for (const char c : r.title + " ") {
      if (c != ' ') {
        word += c;
      } else if (!word.empty()) {
        r.words.push_back(word);
        word.clear();
      }
    }
    if (!r.body.empty() && r.words.size() >= 3) out.push_back(std::move(r));
  }
  return out;
}

void write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

// A query of `r`'s title words in the k-th form.
std::string query_of(const Record& r, std::size_t k) {
  const std::vector<std::string>& w = r.words;
  switch (k % 9) {
    case 0:
      return w[0] + " " + w[1];
    case 1:
      return "\"" + w[0] + " " + w[1] + "\"";
    case 2:
      return w[0] + " -" + w[2];
    case 3:
      return w[1].substr(0, 4) + "*";
    case 4:
      return "title:" + w[0] + " " + w[2];
    case 5:
      return "source:\"" + r.source + "\" " + w[1];
    case 6:
      return w[0] + " OR " + w[1];
    case 7:
      return "(" + w[0] + " " + w[1] + ") OR «" + w[2] + "»";
    default:
      return r.title;
  }
}

// A CSV (or TSV) field: quoted, quotes doubled.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// `utf8` in UTF-16LE with its byte order mark. REQUIRES: valid UTF-8.
std::string utf16le(const std::string& utf8) {
  std::string out = "\xFF\xFE";
  auto put = [&out](std::uint32_t unit) {
    out += static_cast<char>(unit & 0xFF);
    out += static_cast<char>(unit >> 8);
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? c : c & (0x3Fu >> (n - 1));
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
    i += static_cast<std::size_t>(n);
    if (cp < 0x10000) {
      put(cp);
    } else {
      put(0xD800 + ((cp - 0x10000) >> 10));
      put(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
  }
  return out;
}

// The same records in each stream format, behind the selector bytes (fuzz_readers.cpp).
void reader_seeds(const std::vector<Record>& records, const fs::path& dir) {
  for (std::size_t start = 0; start + 3 <= records.size(); start += 3) {
    std::string lines, array = "[", csv = "id,title,body,date,source\n", tsv = csv, dump;
    for (std::size_t k = start; k < start + 3; ++k) {
      const Record& r = records[k];
      lines += r.fields.dump() + "\n";
      array += (k > start ? ",\n" : "") + r.fields.dump();
      std::string row;
      for (const std::string& f : {r.fields.value("id", ""), r.title, r.body, r.date, r.source}) {
        row += (row.empty() ? "" : ",") + quoted(f);
      }
      csv += row + "\r\n";
      std::string tab_row = row;
      for (char& c : tab_row) c = c == ',' ? '\t' : c;  // inside quotes, a tab is text
      tsv += tab_row + "\n";
      dump += "date " + r.date + "\n" + r.body + "\nمنبع: " + r.source + "\n\n";
    }
    array += "]\n";
    const std::string n = std::to_string(start / 3);
    // Selector: format in bits 0-2 (0 auto, 1 jsonl, 2 array, 3 csv, 4 tsv, 5 text, 6 dump),
    // 8: gzip, 16-48: small buffers, 64-192: small record limits; then the encoding (0 auto,
    // 1 UTF-8, 2 UTF-16LE).
    write(dir, "jsonl-" + n, std::string{'\x00', '\x00'} + lines);
    write(dir, "jsonl-gz-" + n, std::string{'\x09', '\x01'} + lines);
    write(dir, "jsonl-utf16-" + n, std::string{'\x01', '\x02'} + utf16le(lines));
    write(dir, "array-" + n, std::string{'\x02', '\x00'} + array);
    write(dir, "array-small-" + n, std::string{'\x12', '\x00'} + array);
    write(dir, "csv-" + n, std::string{'\x03', '\x00'} + csv);
    write(dir, "csv-limit-" + n, std::string{'\xc3', '\x00'} + csv);
    write(dir, "tsv-" + n, std::string{'\x04', '\x00'} + tsv);
    write(dir, "text-" + n,
          std::string{'\x05', '\x00'} + records[start].title + "\n\n" + records[start].body + "\n");
    write(dir, "dump-" + n, std::string{'\x06', '\x00'} + dump);
    write(dir, "dump-gz-small-" + n, std::string{'\x3e', '\x00'} + dump);
  }
}

// Long bodies of several records: the checkpoint path of fast_snippets.h.
std::string long_body(const std::vector<Record>& records, std::size_t k) {
  std::string body;
  for (std::size_t j = 0; j < 4; ++j) body += records[(k + 7 * j) % records.size()].body + "\n\n";
  return body;
}

void snippet_seeds(const std::vector<Record>& records, const fs::path& dir) {
  for (std::size_t k = 0; k < records.size(); ++k) {
    const Record& r = records[k];
    const std::string query = query_of(r, k);
    const char length = static_cast<char>(k % 8), shape = static_cast<char>(k % 16);
    write(dir, "body-" + std::to_string(k), std::string{length, shape} + query + "\n" + r.body);
    if (k % 4 == 0) {
      write(dir, "long-" + std::to_string(k),
            std::string{'\x00', shape} + query + "\n" + long_body(records, k));
    }
  }
}

void checkpoint_seeds(const std::vector<Record>& records, const fs::path& dir) {
  kavosh::Analyzer analyzer;
  for (std::size_t k = 0; k < records.size(); k += 2) {
    const std::string body = k % 4 == 0 ? long_body(records, k) : records[k].body;
    const std::uint32_t stride = k % 8 == 0 ? 1 : kavosh::kCheckpointStride;
    const std::string table = kavosh::encode_checkpoints(body, analyzer.analyze(body), 107, stride);
    // Length, passages, terms, three matches at positions 10, 40 and 300 (terms 0, 1, 0).
    std::string head{static_cast<char>(k % 8), static_cast<char>(k % 3), '\x02', '\x03'};
    head += std::string{'\x0a', '\x00', '\x00', '\x00', '\x28', '\x00',
                        '\x01', '\x01', '\x2c', '\x01', '\x00', '\x00'};
    write(dir, "table-" + std::to_string(k), head + table);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kavosh-fuzz-seeds SAMPLE.jsonl OUT\n";
    return 2;
  }
  const std::vector<Record> records = read_sample(argv[1]);
  if (records.size() < 3) {
    std::cerr << "kavosh-fuzz-seeds: too few records in " << argv[1] << "\n";
    return 1;
  }
  const fs::path out = argv[2];
  for (std::size_t k = 0; k < records.size(); ++k) {
    write(out / "analyzer", "title-" + std::to_string(k), records[k].title);
    write(out / "analyzer", "body-" + std::to_string(k), records[k].body);
    write(out / "query", "query-" + std::to_string(k), query_of(records[k], k));
  }
  reader_seeds(records, out / "readers");
  snippet_seeds(records, out / "snippets");
  checkpoint_seeds(records, out / "checkpoints");
  return 0;
}
