// End to end, snippets and highlights on real articles: a handful of articles
// of ../shared/corpora/iranian-news are indexed with the real kavosh-index,
// served by the real kavosh-server on a free loopback port, and queried over
// HTTP in each ZWNJ spelling and in Arabic and Persian letters. Every mark of
// every hit is checked against the original text, independently of the
// highlighter: each marked piece, analyzed, is a query word, and every query
// word of the shown text lies inside a mark. Skips (a WARN, no assertions)
// when the corpora are absent.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "process_util.h"
#include "server_util.h"
#include "test_util.h"

using kavosh::testing::free_port;
using kavosh::testing::read_file;
using kavosh::testing::Server;
using kavosh::testing::spawn;
using kavosh::testing::TempDir;
using kavosh::testing::url_encode;
using kavosh::testing::wait_exit;
using nlohmann::json;

namespace {

const std::string kBin = KAVOSH_BIN_DIR;
const std::string kEllipsis = "\xE2\x80\xA6";  // U+2026
const std::string kZwnj = "\xE2\x80\x8C";      // U+200C

// GET /api/search for `query` (50 hits per page, plus `extra` parameters): 200 and its JSON.
json search(const kavosh::testing::Server& server, const std::string& query,
            const std::string& extra = "") {
  httplib::Client client = server.client();
  return kavosh::testing::get_json(
      client, "/api/search?q=" + url_encode(query) + "&per_page=50" + extra, 200);
}

// Byte offset in `s` (UTF-8) of UTF-16 unit `unit`; npos inside a character or past the end.
std::size_t byte_of_unit(const std::string& s, std::size_t unit) {
  std::size_t u = 0, i = 0;
  while (i < s.size() && u < unit) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    u += len == 4 ? 2 : 1;
    i += len;
  }
  return u == unit ? i : std::string::npos;
}

std::string unescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    for (const auto& [entity, ch] : kEntities) {
      if (s.compare(i, std::strlen(entity), entity) == 0) {
        out += ch;
        i += std::strlen(entity);
        replaced = true;
        break;
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

// The marked pieces of `html`, unescaped, and the whole of it without markup.
std::vector<std::string> marks_of_html(const std::string& html, std::string& plain) {
  std::vector<std::string> marks;
  plain.clear();
  std::size_t at = 0;
  for (std::size_t open = html.find("<mark>"); open != std::string::npos;
       open = html.find("<mark>", at)) {
    const std::size_t close = html.find("</mark>", open);
    REQUIRE(close != std::string::npos);
    plain += unescape(html.substr(at, open - at));
    marks.push_back(unescape(html.substr(open + 6, close - open - 6)));
    plain += marks.back();
    at = close + 7;
  }
  plain += unescape(html.substr(at));
  CHECK(html.find("<", 0) == html.find("<mark>"));  // no other markup: all escaped
  return marks;
}

// Checks one shown text (a title or a snippet) against its html and spans, and
// that its marks stand exactly on the query's words; returns the marked pieces.
std::vector<std::string> check_marks(kavosh::Analyzer& analyzer,
                                     const std::unordered_set<std::string>& stems,
                                     const std::string& text, const std::string& html,
                                     const json& spans) {
  INFO("text: " << text);
  INFO("html: " << html);
  std::string plain;
  const std::vector<std::string> marks = marks_of_html(html, plain);
  CHECK(plain == text);
  REQUIRE(spans.size() == marks.size());
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // bytes of `text`
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const std::size_t from = byte_of_unit(text, spans[i][0].get<std::size_t>());
    const std::size_t to = byte_of_unit(text, spans[i][1].get<std::size_t>());
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    REQUIRE(from < to);
    CHECK(text.substr(from, to - from) == marks[i]);  // the UTF-16 span is the mark
    ranges.emplace_back(from, to);
    // Every word of the mark is a query word, and the mark holds words only.
    const std::vector<kavosh::Token> tokens = analyzer.analyze(marks[i]);
    INFO("mark: " << marks[i]);
    CHECK(!tokens.empty());
    for (const kavosh::Token& t : tokens) CHECK(stems.count(t.stem) == 1);
    CHECK(tokens.front().start == 0);
    CHECK(tokens.back().end == marks[i].size());
  }
  // Every query word of the shown text is inside a mark.
  for (const kavosh::Token& t : analyzer.analyze(text)) {
    if (stems.count(t.stem) == 0) continue;
    bool inside = false;
    for (const auto& [from, to] : ranges) inside = inside || (t.start >= from && t.end <= to);
    INFO("unmarked query word: " << text.substr(t.start, t.end - t.start));
    CHECK(inside);
  }
  return marks;
}

std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The passages of a plain snippet: the text between the "…" marks.
std::vector<std::string> passages_of(std::string s) {
  if (s.rfind(kEllipsis + " ", 0) == 0) s.erase(0, kEllipsis.size() + 1);
  const std::string tail = " " + kEllipsis;
  if (s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
    s.erase(s.size() - tail.size());
  }
  std::vector<std::string> out;
  const std::string sep = " " + kEllipsis + " ";
  std::size_t from = 0;
  for (std::size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, from)) {
    out.push_back(s.substr(from, at - from));
    from = at + sep.size();
  }
  out.push_back(s.substr(from));
  return out;
}

// One word in the spellings that real dumps mix.
struct Family {
  std::vector<std::string> spellings;  // as articles write it; articles are chosen for each
  std::vector<std::string> queries;    // as readers type it
};

}  // namespace

TEST_CASE("snippets e2e: marks stand exactly on the query's words in every spelling",
          "[e2e][snippets]") {
  const std::string corpora = kavosh::testing::shared_corpora();
  const std::string source = corpora + "/iranian-news/iranian_news.jsonl";
  if (corpora.empty() || !std::filesystem::exists(source)) {
    WARN("SKIPPED: ../shared/corpora/iranian-news/iranian_news.jsonl is absent");
    return;
  }
  const std::vector<Family> families = {
      // Plural with ZWNJ, stripped and spaced; Arabic yeh in the last query.
      {{"تحریم" + kZwnj + "ها", "تحریمها", "تحریم ها"},
       {"تحریم" + kZwnj + "ها", "تحریمها", "تحریم ها", "تحريمها"}},
      // A verb with the prefix می, in the same three spellings.
      {{"می" + kZwnj + "رسد", "میرسد", "می رسد"},
       {"می" + kZwnj + "رسد", "میرسد", "می رسد", "مي رسد"}},
      // Persian U+06CC / U+06A9 against Arabic U+064A / U+0643 letters.
      {{"ایران", "ايران"}, {"ایران", "ايران"}},
      {{"آمریکا", "آمريكا"}, {"آمریکا", "آمريكا"}},
  };

  // A handful of short articles for each spelling, read at test time.
  TempDir dir;
  const std::string input = dir / "articles.jsonl";
  std::map<std::string, int> wanted;  // spelling -> articles still wanted
  for (const Family& f : families) {
    for (const std::string& s : f.spellings) wanted[s] = 3;
  }
  int titles_wanted = 4;  // articles with a query word in the title
  std::size_t written = 0;
  std::map<std::string, std::string> bodies;  // id -> body
  {
    std::ifstream in(source);
    std::ofstream out(input);
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (int n = 1; n <= 10000 && std::getline(in, line); ++n) {
      if (std::chrono::steady_clock::now() > deadline) break;
      const json a = json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!a.is_object() || !a.contains("body") || !a["body"].is_string() || !a.contains("title") ||
          !a["title"].is_string()) {
        continue;
      }
      const std::string body = a["body"], title = a["title"];
      if (title == "nan" || body.size() > 6000) continue;
      bool take = false;
      for (auto& [spelling, left] : wanted) {
        if (left > 0 && body.find(spelling) != std::string::npos) {
          --left;
          take = true;
        }
        if (titles_wanted > 0 && title.find(spelling) != std::string::npos) {
          --titles_wanted;
          take = true;
        }
      }
      if (!take) continue;
      json record = {{"id", "e2e-" + std::to_string(n)},
                     {"title", title},
                     {"body", body},
                     {"url", a.value("url", "")},
                     {"date", a.value("date", "")},
                     {"source", a.value("source", "")}};
      out << record.dump() << "\n";
      bodies[record["id"].get<std::string>()] = body;
      ++written;
      bool done = titles_wanted <= 0;
      for (const auto& [spelling, left] : wanted) done = done && left <= 0;
      if (done) break;
    }
  }
  INFO(written << " articles");
  REQUIRE(written >= 10);

  const std::string db = dir / "db";
  const pid_t indexer = spawn({kBin + "/kavosh-index", "--db", db, input}, dir / "index.log");
  REQUIRE(wait_exit(indexer, std::chrono::seconds(120)) == 0);
  Server server(dir, db);
  kavosh::Analyzer analyzer;

  struct Round {
    const char* params;
    std::size_t max_chars, passages;
  };
  const Round rounds[] = {{"", 200, 1}, {"&snippet_len=1000&snippets=5", 1000, 5}};
  for (const Family& family : families) {
    std::set<std::string> all_marks;
    for (const std::string& query : family.queries) {
      INFO("query: " << query);
      std::unordered_set<std::string> stems;
      for (const kavosh::Token& t : analyzer.analyze(query)) stems.insert(t.stem);
      REQUIRE(stems.size() == 1);  // one word, in whatever spelling
      std::uint64_t total = 0;
      for (const Round& round : rounds) {
        INFO("params: " << round.params);
        const json r = search(server, query, round.params);
        CHECK(r["hits"].size() >= 3);
        if (total == 0) total = r["total"].get<std::uint64_t>();
        CHECK(r["total"].get<std::uint64_t>() == total);
        for (const json& hit : r["hits"]) {
          INFO("hit: " << hit["id"].get<std::string>());
          for (const std::string& m : check_marks(analyzer, stems, hit["title"], hit["title_html"],
                                                  hit["highlights"]["title"])) {
            all_marks.insert(m);
          }
          for (const std::string& m :
               check_marks(analyzer, stems, hit["snippet"], hit["snippet_html"],
                           hit["highlights"]["snippet"])) {
            all_marks.insert(m);
          }
          const std::vector<std::string> passages = passages_of(hit["snippet"]);
          CHECK(passages.size() <= round.passages);
          for (const std::string& p : passages) CHECK(chars(p) <= round.max_chars);
        }
      }
    }
    // Each spelling the articles use was marked as written, by some query.
    std::string marks_seen;
    for (const std::string& m : all_marks) marks_seen += m + " | ";
    INFO("marks: " << marks_seen);
    for (const std::string& spelling : family.spellings) {
      INFO("spelling: " << spelling);
      bool seen = false;
      for (const std::string& m : all_marks) seen = seen || m.rfind(spelling, 0) == 0;
      CHECK(seen);
    }
  }
  // Browsing (no query): every snippet is the lead of its article, unmarked.
  const json browse = search(server, "");
  CHECK(browse["hits"].size() == written);
  for (const json& hit : browse["hits"]) {
    const std::string id = hit["id"];
    INFO("hit: " << id);
    CHECK(hit["highlights"]["snippet"].empty());
    std::string lead = hit["snippet"];
    const std::string tail = " " + kEllipsis;
    if (lead.size() > tail.size() &&
        lead.compare(lead.size() - tail.size(), tail.size(), tail) == 0) {
      lead.erase(lead.size() - tail.size());
    }
    CHECK(chars(lead) <= 200);
    CHECK(chars(lead) >= 50);
    // The body's beginning, with runs of whitespace shown as one space.
    std::string body;
    for (char c : bodies[id]) {
      const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (space && (body.empty() || body.back() == ' ')) continue;
      body += space ? ' ' : c;
    }
    CHECK(body.rfind(lead, 0) == 0);
  }
  // Every spelling of a query finds the same articles.
  for (const Family& family : families) {
    const json first = search(server, family.queries[0]);
    std::set<std::string> expected;
    for (const json& hit : first["hits"]) expected.insert(hit["id"].get<std::string>());
    for (const std::string& query : family.queries) {
      INFO("query: " << query);
      std::set<std::string> ids;
      const json r = search(server, query);
      for (const json& hit : r["hits"]) ids.insert(hit["id"].get<std::string>());
      CHECK(ids == expected);
    }
  }
}
