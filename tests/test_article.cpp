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

namespace {

bool same(const kavosh::Article& a, const kavosh::Article& b) {
  return a.id == b.id && a.url == b.url && a.title == b.title && a.body == b.body &&
         a.date == b.date && a.source == b.source && a.category == b.category && a.tags == b.tags;
}

}  // namespace

TEST_CASE("read_stored_article: the stored form read without a JSON tree, as JSON reads it",
          "[article]") {
  // Texts with every escape the writer makes: quotes, backslashes, control
  // characters, ZWNJ, characters beyond the BMP, empty fields and tags.
  const std::vector<kavosh::Article> rows = {
      {"a1",
       "https://x.example/1?a=\"b\"",
       "عنوان \"نقل\" قول",
       "متن\\خبر\n\tدوم\r\x01\x1f",
       "2026-01-06",
       "پیک",
       "سیاست",
       {"الف", "ب"}},
      {"", "", "", "می‌ورزند 😀 \u200c\u200f end/slash", "", "", "", {}},
      {"42", "u", "t", "b", "", "s", "c", {"", "\"", "\\"}},
  };
  for (const kavosh::Article& a : rows) {
    const std::string data = kavosh::article_to_data(a);
    CAPTURE(data);
    const std::optional<kavosh::Article> fast = kavosh::read_stored_article(data);
    REQUIRE(fast.has_value());
    CHECK(same(*fast, a));
    const auto parsed = kavosh::article_from_data(data);
    REQUIRE(parsed.ok());
    CHECK(same(parsed.value(), a));
  }

  // JSON the writer does not make: whitespace, \u escapes, surrogate pairs,
  // \/ and unknown string fields are read; the rest is left to json::parse.
  struct Row {
    const char* data;
    bool fast;  // read without a JSON tree
  };
  const Row inputs[] = {
      {R"( { "body" : "x\u0041\u06cc\ud83d\ude00\/" , "other":"skipped", "tags" : [ ] } )", true},
      {R"({"body":"x","tags":["a","b"]})", true},
      {R"({})", true},
      {R"({"body":"x","n":5})", false},          // a number
      {R"({"body":"x","o":{"k":"v"}})", false},  // a nested object
      {R"({"body":"x"} trailing)", false},       // text after the object
      {R"({"body":"x\q"})", false},              // an unknown escape
      {R"({"body":"\ude00"})", false},           // a lone low surrogate
      {R"({"body":"\ud83d"})", false},           // a high surrogate alone
      {R"({"body":"x)", false},                  // cut short
      {R"({"body":"x",})", false},               // a trailing comma
      {R"(["body"])", false},                    // not an object
      {"", false},
  };
  for (const Row& row : inputs) {
    CAPTURE(row.data);
    const std::optional<kavosh::Article> fast = kavosh::read_stored_article(row.data);
    CHECK(fast.has_value() == row.fast);
    const json j = json::parse(row.data, nullptr, /*allow_exceptions=*/false);
    const auto parsed = kavosh::article_from_data(row.data);
    CHECK(parsed.ok() == (!j.is_discarded() && j.is_object()));
    if (fast) {
      REQUIRE(parsed.ok());
      CHECK(fast->body == j.value("body", ""));
      CHECK(same(*fast, parsed.value()));
    }
  }
}
