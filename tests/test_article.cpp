#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "kavosh/index/article.h"
#include "kavosh/index/document.h"

using nlohmann::json;

TEST_CASE("article_from_json: a full record", "[article]") {
  json j = json::parse(R"({"id":"a1","url":"https://x.example/1","title":"عنوان","body":"متن خبر",
    "date":"۱۴۰۴/۱۰/۱۶","source":"پیک","category":"سیاست","tags":["الف","ب"]})");
  kavosh::ArticleWarnings w;
  auto a = kavosh::article_from_json(j, &w);
  REQUIRE(a.ok());
  CHECK(a.value().id == "a1");
  CHECK(a.value().date == "2026-01-06");
  CHECK(a.value().tags.size() == 2);
  CHECK(w.messages.empty());
  auto back = kavosh::article_from_data(kavosh::article_to_data(a.value()));
  REQUIRE(back.ok());
  CHECK(back.value().body == "متن خبر");
  CHECK(back.value().tags == a.value().tags);
}

TEST_CASE("article_from_json: numeric id, bad date is a warning", "[article]") {
  kavosh::ArticleWarnings w;
  auto a = kavosh::article_from_json(json::parse(R"({"id":42,"body":"x","date":"someday"})"), &w);
  REQUIRE(a.ok());
  CHECK(a.value().id == "42");
  CHECK(a.value().date.empty());
  REQUIRE(w.messages.size() == 1);
  CHECK(w.messages[0].find("'date'") != std::string::npos);
}

TEST_CASE("article_from_json: errors name the field", "[article]") {
  struct Row {
    const char* json;
    const char* field;
  };
  const Row rows[] = {
      {R"([1,2])", "object"},
      {R"({"title":"t"})", "'body'"},
      {R"({"body":"   "})", "'body'"},
      {R"({"body":"x","title":5})", "'title'"},
      {R"({"body":"x","tags":"a"})", "'tags'"},
      {R"({"body":"x","tags":[1]})", "'tags'"},
      {R"({"body":["x"]})", "'body'"},
  };
  for (const Row& r : rows) {
    INFO(r.json);
    auto a = kavosh::article_from_json(json::parse(r.json), nullptr);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().status == 400);
    CHECK(a.error().message.find(r.field) != std::string::npos);
  }
}

TEST_CASE("unique keys: source + id, then url, then content", "[article]") {
  kavosh::Article a;
  a.id = "۱۲";
  a.source = "پيک";
  kavosh::Article b;
  b.id = "12";
  b.source = "پیک";
  CHECK(kavosh::unique_term(a) == kavosh::unique_term(b));  // digits and yeh folded
  b.source = "other";
  CHECK(kavosh::unique_term(a) != kavosh::unique_term(b));  // ids are per source
  kavosh::Article c;
  c.url = "https://x.example/" + std::string(400, 'u');
  CHECK(kavosh::unique_term(c).size() <= 245);  // long URLs are hashed
  kavosh::Article d;
  d.body = "same";
  kavosh::Article e;
  e.body = "same";
  CHECK(kavosh::unique_term(d) == kavosh::unique_term(e));
}
