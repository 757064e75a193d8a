#include <catch2/catch.hpp>

#include "api_json.h"

using Params = std::multimap<std::string, std::string>;

TEST_CASE("search parameters: valid", "[api]") {
  auto r = kavosh::search_request_from_params(
      {{"q", "کتاب"}, {"page", "2"}, {"per_page", "100"}, {"unknown", "x"}});
  REQUIRE(r.ok());
  CHECK(r.value().query == "کتاب");
  CHECK(r.value().page == 2);
  CHECK(r.value().per_page == 100);
  auto d = kavosh::search_request_from_params({});
  REQUIRE(d.ok());
  CHECK(d.value().page == 1);
  CHECK(d.value().per_page == 10);
}

TEST_CASE("search parameters: each bad one is a 400 naming it", "[api]") {
  struct Row {
    Params params;
    const char* name;
  };
  const Row rows[] = {
      {{{"page", "0"}}, "'page'"},           {{{"page", "-1"}}, "'page'"},
      {{{"page", "abc"}}, "'page'"},         {{{"page", "1.5"}}, "'page'"},
      {{{"page", "99999999999"}}, "'page'"}, {{{"per_page", "10000"}}, "'per_page'"},
      {{{"per_page", "0"}}, "'per_page'"},   {{{"per_page", ""}}, "'per_page'"},
      {{{"q", "a"}, {"q", "b"}}, "'q'"},     {{{"q", std::string(10 * 1024, 'x')}}, "'q'"},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    auto res = kavosh::search_request_from_params(r.params);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == 400);
    CHECK(res.error().message.find(r.name) != std::string::npos);
  }
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
  for (const char* key :
       {"id", "url", "title", "title_html", "snippet_html", "date", "source", "score"}) {
    CHECK(j["hits"][0].contains(key));
  }
  CHECK(j["took_ms"].get<double>() == Approx(1.23));
}
