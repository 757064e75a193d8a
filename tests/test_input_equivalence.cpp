// The same articles give the same database whichever way they reach the real
// kavosh-index: as files, gzip-compressed, or piped through standard input.
// "The same" is compared in full: every document's stored data, values,
// terms with their wdf and positions, the metadata (analyzer, schema,
// compound lexicon) and the spelling dictionary. Only the origin slot differs,
// since it names the input place. Inputs: the project's sample corpus
// always; one file per format of ../shared/corpora when present (else the
// test reports SKIPPED).
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "encode_util.h"
#include "gzip_util.h"
#include "kavosh/index/schema.h"
#include "process_util.h"
#include "test_util.h"

using kavosh::testing::encode;
using kavosh::testing::gzip;
using kavosh::testing::read_file;
using kavosh::testing::spawn;
using kavosh::testing::TempDir;
using kavosh::testing::wait_exit;

namespace {

const std::string kIndex = std::string(KAVOSH_BIN_DIR) + "/kavosh-index";

void gzip_file(const std::string& from, const std::string& to) {
  const std::string bytes = read_file(from);
  REQUIRE(bytes.size() == std::filesystem::file_size(from));
  std::ofstream(to, std::ios::binary) << gzip(bytes);
}

// A whole database as comparable text, keyed so that document ids and the
// order of documents do not matter: "doc <unique term>" -> its description,
// "meta <key>" -> value, "spelling <word>" -> frequency, "stats" -> counts.
using DbImage = std::map<std::string, std::string>;

DbImage image_of(const std::string& path) {
  Xapian::Database db(path);
  DbImage image;
  std::ostringstream stats;
  stats << "documents " << db.get_doccount() << " length " << db.get_total_length();
  image["stats"] = stats.str();
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    image["meta " + *k] = db.get_metadata(*k);
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    image["spelling " + *w] = std::to_string(w.get_termfreq());
  }
  const std::string unique_prefix(kavosh::schema::kPrefixUnique);
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    std::string key;
    std::ostringstream d;
    d << "data " << doc.get_data() << "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      if (v.get_valueno() == kavosh::schema::kSlotOrigin) continue;  // names the input place
      d << "value " << v.get_valueno() << " " << *v << "\n";
    }
    for (auto t = db.termlist_begin(*p); t != db.termlist_end(*p); ++t) {
      const std::string term = *t;
      if (term.compare(0, unique_prefix.size(), unique_prefix) == 0) key = term;
      d << "term " << term << " wdf " << t.get_wdf() << " pos";
      for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos) d << " " << *pos;
      d << "\n";
    }
    REQUIRE_FALSE(key.empty());
    REQUIRE(image.count("doc " + key) == 0);
    image["doc " + key] = d.str();
  }
  return image;
}

// Checks two images entry by entry, naming the first entries that differ.
void check_same(const DbImage& expected, const DbImage& actual, const std::string& what) {
  INFO(what);
  CHECK(expected.size() == actual.size());
  int reported = 0;
  for (const auto& [key, value] : expected) {
    auto it = actual.find(key);
    if (it != actual.end() && it->second == value) continue;
    INFO("entry: " << key);
    CHECK(it != actual.end());
    if (it != actual.end()) CHECK(it->second == value);
    if (++reported == 3) break;
  }
  CHECK(reported == 0);
}

// Indexes `args` (inputs and options) into a new database under `dir`;
// `stdin_path`, when given, is piped into the indexer.
std::string index(const TempDir& dir, const std::string& name, const std::vector<std::string>& args,
                  const std::string& stdin_path = "") {
  const std::string db = dir / name;
  std::vector<std::string> argv = {kIndex, "--db", db, "-q"};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = spawn(argv, dir / (name + ".log"), stdin_path);
  const int status = wait_exit(pid, std::chrono::seconds(600));
  INFO(read_file(dir / (name + ".log")));
  REQUIRE(status == 0);
  return db;
}

// The database from `file` as a file, gzip-compressed, and through stdin
// (with --format `format`, since a pipe has no extension to go by).
void check_three_ways(const std::string& file, const std::string& format) {
  INFO("input " << file);
  TempDir dir;
  const std::string name = std::filesystem::path(file).filename().string();
  const std::string gz = dir / (name + ".gz");
  gzip_file(file, gz);
  const DbImage plain = image_of(index(dir, "plain", {file}));
  REQUIRE(plain.size() > 4);
  check_same(plain, image_of(index(dir, "gzip", {gz})), "gzip-compressed file");
  check_same(plain, image_of(index(dir, "stdin", {"--format", format, "-"}, file)),
             "standard input");
  // A compressed stream on standard input is recognised too.
  check_same(plain, image_of(index(dir, "stdin-gzip", {"--format", format, "-"}, gz)),
             "gzip-compressed standard input");
}

}  // namespace

TEST_CASE("the sample corpus gives the same database as a file, gzip and stdin", "[ingest]") {
  check_three_ways(kavosh::testing::sample_corpus(), "jsonl");
}

TEST_CASE("the same articles in UTF-16 and Windows-1256 give the database of UTF-8", "[ingest]") {
  // Written here with letters Windows-1256 has (not U+06CC FARSI YEH).
  std::string text;
  const char* const kTitles[] = {"باران در تهران", "کتاب‌ها چاپ شد", "«گزارش» پژوهش",
                                 "ژاله و برف"};
  for (int i = 0; i < 4; ++i) {
    text += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"" + kTitles[i] + "\",\"body\":\"" +
            kTitles[(i + 1) % 4] + "؛ " + kTitles[(i + 2) % 4] +
            ".\",\"source\":\"آزمون\",\"date\":\"2024-03-0" + std::to_string(i + 1) + "\"}\n";
  }
  TempDir dir;
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
  };
  const DbImage utf8 = image_of(index(dir, "utf8", {write("news.jsonl", text)}));
  REQUIRE(utf8.size() > 4);
  const std::string cp1256 = write("news-1256.jsonl", encode(text, "windows-1256"));
  check_same(utf8, image_of(index(dir, "1256", {cp1256})), "Windows-1256, detected");
  check_same(utf8, image_of(index(dir, "1256-named", {"--encoding", "windows-1256", cp1256})),
             "Windows-1256, named");
  const std::string le = write("news-le.jsonl", encode(text, "UTF-16LE"));
  gzip_file(le, le + ".gz");
  check_same(utf8, image_of(index(dir, "le", {le + ".gz"})), "UTF-16LE without BOM, gzip");
  const std::string be = write("news-be.jsonl", encode(text, "UTF-16BE", true));
  check_same(utf8, image_of(index(dir, "be", {"--format", "jsonl", "-"}, be)),
             "UTF-16BE with BOM, standard input");
}

TEST_CASE("shared corpora: each format gives the same database as a file, gzip and stdin",
          "[ingest][corpora]") {
  const std::string corpora = kavosh::testing::shared_corpora();
  if (corpora.empty()) {
    WARN("SKIPPED: ../shared/corpora is absent");
    return;
  }
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"/fars-varzesh3/fars-news-1.json", "json"},  // a JSON array, paragraphs as a list
      {"/seed/000_bd95141a92998d4b.txt", "dump"},   // the plain-dump format
  };
  for (const auto& [file, format] : inputs) {
    if (!std::filesystem::exists(corpora + file)) {
      WARN("SKIPPED: ../shared/corpora" << file << " is absent");
      continue;
    }
    check_three_ways(corpora + file, format);
  }
  // JSON lines: the first 600 records of iranian_news.jsonl (27 MB in all),
  // copied to a temporary file.
  const std::string news = corpora + "/iranian-news/iranian_news.jsonl";
  if (!std::filesystem::exists(news)) {
    WARN("SKIPPED: ../shared/corpora/iranian-news/iranian_news.jsonl is absent");
    return;
  }
  TempDir dir;
  {
    std::ifstream in(news);
    std::ofstream out(dir / "news-head.jsonl");
    std::string line;
    for (int i = 0; i < 600 && std::getline(in, line); ++i) out << line << "\n";
  }
  check_three_ways(dir / "news-head.jsonl", "jsonl");
}
