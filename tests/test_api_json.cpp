#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "api_json.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/passages.h"

using Params = std::multimap<std::string, std::string>;

namespace {

// `s` (UTF-8) as UTF-16 code units, the way a JavaScript string holds it.
std::u16string utf16(const std::string& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return out;
}

// What a JavaScript client does with a hit: text.slice(start, end) per span.
std::vector<std::u16string> slices(const nlohmann::json& text, const nlohmann::json& spans) {
  const std::u16string t = utf16(text.get<std::string>());
  std::vector<std::u16string> out;
  for (const nlohmann::json& s : spans) {
    const auto start = s[0].get<std::size_t>(), end = s[1].get<std::size_t>();
    REQUIRE(start < end);
    REQUIRE(end <= t.size());
    out.push_back(t.substr(start, end - start));
  }
  return out;
}

}  // namespace

TEST_CASE("search parameters: valid", "[api]") {
  auto r = kavosh::search_request_from_params({{"q", "کتاب"},
                                               {"page", "2"},
                                               {"per_page", "100"},
                                               {"snippet_len", "300"},
                                               {"snippets", "3"},
                                               {"unknown", "x"}});
  REQUIRE(r.ok());
  CHECK(r.value().request.query == "کتاب");
  CHECK(r.value().request.page == 2);
  CHECK(r.value().request.per_page == 100);
  CHECK(r.value().request.snippet_len == 300);
  CHECK(r.value().request.snippets == 3);
  auto d = kavosh::search_request_from_params({});
  REQUIRE(d.ok());
  CHECK(d.value().request.page == 1);
  CHECK(d.value().request.per_page == 10);
  CHECK(d.value().request.snippet_len == 200);
  CHECK(d.value().request.snippets == 1);
  for (const char* len : {"50", "1000"}) {
    CHECK(kavosh::search_request_from_params({{"snippet_len", len}}).ok());
  }
  for (const char* n : {"1", "5"})
    CHECK(kavosh::search_request_from_params({{"snippets", n}}).ok());
}

TEST_CASE("search parameters: each bad one is a 400 naming it", "[api]") {
  struct Row {
    Params params;
    const char* name;
  };
  const Row rows[] = {
      {{{"page", "0"}}, "'page'"},
      {{{"page", "-1"}}, "'page'"},
      {{{"page", "abc"}}, "'page'"},
      {{{"page", "1.5"}}, "'page'"},
      {{{"page", "99999999999"}}, "'page'"},
      {{{"per_page", "10000"}}, "'per_page'"},
      {{{"per_page", "0"}}, "'per_page'"},
      {{{"per_page", ""}}, "'per_page'"},
      {{{"q", "a"}, {"q", "b"}}, "'q'"},
      {{{"q", std::string(10 * 1024, 'x')}}, "'q'"},
      {{{"snippet_len", "49"}}, "'snippet_len'"},
      {{{"snippet_len", "1001"}}, "'snippet_len'"},
      {{{"snippet_len", "0"}}, "'snippet_len'"},
      {{{"snippet_len", "-5"}}, "'snippet_len'"},
      {{{"snippet_len", "۲۰۰"}}, "'snippet_len'"},
      {{{"snippet_len", "200"}, {"snippet_len", "300"}}, "'snippet_len'"},
      {{{"snippets", "0"}}, "'snippets'"},
      {{{"snippets", "6"}}, "'snippets'"},
      {{{"snippets", "two"}}, "'snippets'"},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    auto res = kavosh::search_request_from_params(r.params);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().status == 400);
    CHECK(res.error().message.find(r.name) != std::string::npos);
    const std::string quoted = r.name;
    CHECK(res.error().param == quoted.substr(1, quoted.size() - 2));
  }
}

TEST_CASE("search parameters: filters, sort, facets, collapse", "[api]") {
  auto r = kavosh::search_request_from_params({{"q", ""},
                                               {"source", "خبرگزاری پیک"},
                                               {"source", "روزنامه نگاه"},
                                               {"source", ""},
                                               {"category", "ورزش"},
                                               {"from", "۱۴۰۴/۱۰/۰۱"},
                                               {"to", "2026-01-20"},
                                               {"sort", "recent"},
                                               {"facets", "month,source,,month"},
                                               {"collapse", "0"}});
  REQUIRE(r.ok());
  CHECK(r.value().request.sources == std::vector<std::string>{"خبرگزاری پیک", "روزنامه نگاه"});
  CHECK(r.value().request.category == "ورزش");
  CHECK(r.value().request.from == "۱۴۰۴/۱۰/۰۱");
  CHECK(r.value().request.to == "2026-01-20");
  CHECK(r.value().request.sort == kavosh::SortOrder::kRecent);
  CHECK(r.value().request.facets ==
        std::vector<kavosh::Facet>{kavosh::Facet::kMonth, kavosh::Facet::kSource});
  CHECK_FALSE(r.value().request.collapse);
  auto d = kavosh::search_request_from_params({});
  REQUIRE(d.ok());
  CHECK(d.value().request.sort == kavosh::SortOrder::kRelevance);
  CHECK(d.value().request.facets.empty());
  CHECK(d.value().request.collapse);
  CHECK(d.value().request.sources.empty());
  struct Row {
    const char* name;
    kavosh::SortOrder sort;
  };
  for (Row row :
       {Row{"relevance", kavosh::SortOrder::kRelevance}, Row{"newest", kavosh::SortOrder::kNewest},
        Row{"oldest", kavosh::SortOrder::kOldest}, Row{"recent", kavosh::SortOrder::kRecent},
        Row{"", kavosh::SortOrder::kRelevance}}) {
    INFO(row.name);
    auto s = kavosh::search_request_from_params({{"sort", row.name}});
    REQUIRE(s.ok());
    CHECK(s.value().request.sort == row.sort);
  }
  // Empty filters are no filters.
  auto empty = kavosh::search_request_from_params({{"from", ""}, {"to", ""}, {"category", ""}});
  REQUIRE(empty.ok());
}

TEST_CASE("search parameters: bad filters, sorts and facets are 400s naming them", "[api]") {
  struct Row {
    Params params;
    const char* name;
  };
  const Row rows[] = {
      {{{"from", "2026-13-01"}}, "'from'"},
      {{{"from", "1404/12/31"}}, "'from'"},
      {{{"to", "tomorrow"}}, "'to'"},
      {{{"from", "2026-02-01"}, {"to", "2026-01-01"}}, "'from'"},
      {{{"from", "2026-01-01"}, {"from", "2026-01-02"}}, "'from'"},
      {{{"to", "2026-01-01"}, {"to", "2026-01-02"}}, "'to'"},
      {{{"sort", "popular"}}, "'sort'"},
      {{{"sort", "Newest"}}, "'sort'"},
      {{{"sort", "newest"}, {"sort", "oldest"}}, "'sort'"},
      {{{"facets", "source,author"}}, "'facets'"},
      {{{"facets", "source"}, {"facets", "month"}}, "'facets'"},
      {{{"collapse", "2"}}, "'collapse'"},
      {{{"collapse", "true"}}, "'collapse'"},
      {{{"collapse", "0"}, {"collapse", "0"}}, "'collapse'"},
      {{{"category", "a"}, {"category", "b"}}, "'category'"},
      {{{"category", std::string(300, 'x')}}, "'category'"},
      {{{"source", std::string(300, 'x')}}, "'source'"},
      {{{"source", "\xC3\x28"}}, "'source'"},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    auto res = kavosh::search_request_from_params(r.params);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().status == 400);
    CHECK(res.error().message.find(r.name) != std::string::npos);
    const std::string quoted = r.name;
    CHECK(res.error().param == quoted.substr(1, quoted.size() - 2));
  }
  Params many;
  for (int i = 0; i < 60; ++i) many.emplace("source", "s" + std::to_string(i));
  auto res = kavosh::search_request_from_params(many);
  REQUIRE_FALSE(res.ok());
  CHECK(res.error().message.find("'source'") != std::string::npos);
}

TEST_CASE("search response JSON: the issue 6 fields", "[api]") {
  kavosh::SearchResponse response;
  response.sort = kavosh::SortOrder::kNewest;
  response.collapse = false;
  response.sources = {"پیک"};
  response.category = "ورزش";
  response.from = "2025-12-22";
  response.to = "2026-01-20";
  response.total_exact = false;
  response.suggestion = "کتاب";
  response.facets.push_back({kavosh::Facet::kSource, {{"پیک", "", "", "", 3}}});
  response.facets.push_back(
      {kavosh::Facet::kMonth, {{"1404-10", "دی ۱۴۰۴", "2025-12-22", "2026-01-20", 2}}});
  kavosh::SearchHit hit;
  hit.similar_count = 2;
  hit.similar = {"a", "b"};
  response.hits.push_back(hit);
  const nlohmann::json j = kavosh::to_json(response);
  CHECK(j["sort"] == "newest");
  CHECK(j["collapse"] == false);
  CHECK(j["total_exact"] == false);
  CHECK(j["source"] == nlohmann::json::parse(R"(["پیک"])"));
  CHECK(j["category"] == "ورزش");
  CHECK(j["from"] == "2025-12-22");
  CHECK(j["to"] == "2026-01-20");
  CHECK(j["suggestion"] == "کتاب");
  CHECK(j["facets"] == nlohmann::json::parse(R"({
      "source": [{"value": "پیک", "count": 3}],
      "month": [{"key": "1404-10", "label": "دی ۱۴۰۴", "from": "2025-12-22", "to": "2026-01-20",
                 "count": 2}]})"));
  CHECK(j["hits"][0]["similar_count"] == 2);
  CHECK(j["hits"][0]["similar"] == nlohmann::json::parse(R"(["a", "b"])"));
  // Without facets asked, no `facets` key.
  CHECK_FALSE(kavosh::to_json(kavosh::SearchResponse{}).contains("facets"));
}

TEST_CASE("search response JSON has the contract's fields", "[api]") {
  kavosh::SearchResponse response;
  response.query = "q";
  response.total = 1;
  response.took_ms = 1.23456;
  kavosh::SearchHit hit;
  hit.id = "1";
  hit.score = 3.14159;
  response.hits.push_back(hit);
  auto j = kavosh::to_json(response);
  for (const char* key : {"query", "total", "page", "per_page", "took_ms", "hits"}) {
    CHECK(j.contains(key));
  }
  for (const char* key : {"id", "url", "title", "title_html", "snippet_html", "date", "source",
                          "score", "snippet", "highlights"}) {
    CHECK(j["hits"][0].contains(key));
  }
  CHECK(j["took_ms"].get<double>() == Approx(1.23));
  CHECK(j["hits"][0]["highlights"] == nlohmann::json::parse(R"({"title": [], "snippet": []})"));
}

TEST_CASE("search response JSON: highlight spans in UTF-16 units slice to the marked words",
          "[api]") {
  kavosh::Analyzer analyzer;
  std::unordered_set<std::string> stems;
  for (const auto& t : analyzer.analyze("كتابها")) stems.insert(t.stem);
  const kavosh::Highlighter highlighter(stems);
  // U+1F4DA BOOKS and U+1F389 PARTY POPPER lie outside the BMP (two UTF-16 units each).
  const std::string title =
      "\xF0\x9F\x93\x9A نمایشگاه کتاب‌ها \xF0\x9F\x8E\x89 و کتاب ها";
  const std::string body = "\xF0\x9F\x8E\x89 امسال کتابها & <b>كتاب</b> گران شد.";
  const kavosh::Highlighted t = highlighter.mark_all(title, analyzer.analyze(title));
  const kavosh::Highlighted b = kavosh::make_snippet(highlighter, body, analyzer.analyze(body), {});

  kavosh::SearchResponse response;
  kavosh::SearchHit hit;
  hit.title = t;
  hit.snippet = b;
  response.hits.push_back(hit);
  // Through the wire: serialized and parsed back, as a client receives it.
  const nlohmann::json j = nlohmann::json::parse(kavosh::to_json(response).dump());
  const nlohmann::json& h = j["hits"][0];

  CHECK(h["highlights"]["title"] == nlohmann::json::parse("[[12, 19], [25, 32]]"));
  CHECK(h["highlights"]["snippet"] == nlohmann::json::parse("[[9, 15], [21, 25]]"));
  CHECK(slices(h["title"], h["highlights"]["title"]) ==
        std::vector<std::u16string>{u"کتاب‌ها", u"کتاب ها"});
  CHECK(slices(h["snippet"], h["highlights"]["snippet"]) ==
        std::vector<std::u16string>{u"کتابها", u"كتاب"});
  CHECK(h["snippet"] == body);
  CHECK(
      h["snippet_html"] ==
      "\xF0\x9F\x8E\x89 امسال <mark>کتابها</mark> &amp; &lt;b&gt;<mark>كتاب</mark>&lt;/b&gt; گران "
      "شد.");
}
