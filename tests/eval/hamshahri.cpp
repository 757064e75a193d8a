#include "eval/hamshahri.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "kavosh/index/dates.h"

namespace kavosh::eval {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHamExtension = ".ham";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_right(std::string_view line) {
  const std::size_t end = line.find_last_not_of(" \t\r");
  return end == std::string_view::npos ? std::string_view() : line.substr(0, end + 1);
}

// The lines of `text` split at '\n', each trimmed on the right.
std::vector<std::string_view> trimmed_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(trim_right(text.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open '" + path.string() + "'");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::internal(path.string() + ": read error");
  return text;
}

}  // namespace

HamshahriPaths HamshahriPaths::under(const fs::path& root) {
  return {root / "docs", root / "topics-dev.tsv", root / "qrels-dev.trec"};
}

std::optional<std::string> date_from_id(std::string_view id) {
  // "HAM2-" YY MM DD "-" NNN
  constexpr std::string_view kPrefix = "HAM2-";
  if (id.size() < kPrefix.size() + 8 || id.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  const std::string_view ymd = id.substr(kPrefix.size(), 6);
  if (!std::all_of(ymd.begin(), ymd.end(), is_digit) || id[kPrefix.size() + 6] != '-') {
    return std::nullopt;
  }
  const std::string jalali = "13" + std::string(ymd.substr(0, 2)) + "/" +
                             std::string(ymd.substr(2, 2)) + "/" + std::string(ymd.substr(4, 2));
  return parse_date(jalali);
}

Article parse_ham(const std::string& id, std::string_view text) {
  Article a;
  a.id = id;
  a.source = std::string(kHamshahriSource);
  a.date = date_from_id(id).value_or("");

  const std::vector<std::string_view> lines = trimmed_lines(text);
  auto it = std::find_if(lines.begin(), lines.end(), [](std::string_view l) { return !l.empty(); });
  if (it == lines.end()) return a;
  a.title = std::string(*it);

  // The body: the remaining lines without blank ones at either end.
  auto first = std::find_if(it + 1, lines.end(), [](std::string_view l) { return !l.empty(); });
  auto last = lines.end();
  while (last != first && (last - 1)->empty()) --last;
  for (auto line = first; line != last; ++line) {
    if (line != first) a.body += '\n';
    a.body.append(*line);
  }
  return a;
}

Result<Article> read_ham_file(const fs::path& path) {
  Result<std::string> text = read_file(path);
  if (!text.ok()) return text.error();
  Article a = parse_ham(path.stem().string(), text.value());
  if (a.title.empty()) return Error::bad_request(path.string() + ":1: no text");
  return a;
}

Result<std::vector<Article>> read_collection(const fs::path& docs_dir) {
  std::error_code ec;
  if (!fs::is_directory(docs_dir, ec)) {
    return Error::not_found("'" + docs_dir.string() + "' is not a directory");
  }
  std::vector<fs::path> files;
  fs::recursive_directory_iterator walk(docs_dir, ec);
  for (; !ec && walk != fs::recursive_directory_iterator(); walk.increment(ec)) {
    const fs::path& p = walk->path();
    if (p.extension() == kHamExtension && walk->is_regular_file(ec)) files.push_back(p);
  }
  if (ec) return Error::internal("cannot list '" + docs_dir.string() + "': " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<Article> articles;
  articles.reserve(files.size());
  std::map<std::string, fs::path> seen;  // id -> file
  for (const fs::path& file : files) {
    Result<Article> a = read_ham_file(file);
    if (!a.ok()) return a.error();
    auto [pos, inserted] = seen.emplace(a.value().id, file);
    if (!inserted) {
      return Error::conflict(file.string() + ":1: document id '" + a.value().id +
                             "' already read from '" + pos->second.string() + "'");
    }
    articles.push_back(std::move(a).value());
  }
  return articles;
}

Result<std::vector<Topic>> parse_topics(std::istream& in, const std::string& name) {
  std::vector<Topic> topics;
  std::set<std::string> ids;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string place = name + ":" + std::to_string(line_no) + ": ";
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) return Error::bad_request(place + "expected 'qid<TAB>query'");
    Topic t{line.substr(0, tab), line.substr(tab + 1)};
    if (t.id.empty()) return Error::bad_request(place + "empty topic id");
    if (t.query.find_first_not_of(" \t") == std::string::npos) {
      return Error::bad_request(place + "empty query for topic '" + t.id + "'");
    }
    if (!ids.insert(t.id).second) {
      return Error::bad_request(place + "topic '" + t.id + "' appears twice");
    }
    topics.push_back(std::move(t));
  }
  if (in.bad()) return Error::internal(name + ": read error");
  return topics;
}

Result<std::vector<Topic>> read_topics(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open '" + path.string() + "'");
  return parse_topics(in, path.string());
}

Result<Qrels> read_qrels(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open '" + path.string() + "'");
  return parse_qrels(in, path.string());
}

}  // namespace kavosh::eval
