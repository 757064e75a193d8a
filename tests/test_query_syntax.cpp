#include <catch2/catch.hpp>

#include "kavosh/search/query_syntax.h"

TEST_CASE("query syntax: operators and lenient reading", "[query_syntax]") {
  struct Row {
    const char* in;
    const char* out;
    const char* why;
  };
  const Row rows[] = {
      {"تورم بیکاری", "تورم بیکاری", "plain words form one run"},
      {"کتاب ها", "کتاب ها", "a detached affix stays in the run"},
      {"\"نخست وزیر\" عراق", "(and \"نخست وزیر\" عراق)", "phrase then a word"},
      {"«نخست وزیر» عراق", "(and \"نخست وزیر\" عراق)", "Persian guillemets"},
      {"“نخست وزیر”", "\"نخست وزیر\"", "curly quotes"},
      {"تورم -بورس", "(and تورم (not بورس))", "exclusion"},
      {"تورم - بورس", "تورم بورس", "a lone minus is ignored"},
      {"ایران OR عراق", "(or ایران عراق)", "OR"},
      {"ایران or عراق", "ایران or عراق", "lower-case or is a word"},
      {"(ایران OR عراق) نفت", "(and (or ایران عراق) نفت)", "parentheses"},
      {"(ایران OR عراق نفت", "(or ایران عراق نفت)", "unclosed parenthesis closes at the end"},
      {"ایران) نفت", "(and ایران نفت)", "stray closing parenthesis"},
      {"\"نخست وزیر", "\"نخست وزیر\"", "unclosed quote runs to the end"},
      {"کتاب» بورس", "کتاب بورس", "a closing quote without an opening one is skipped"},
      {"«نخست وزیر» عراق»", "(and \"نخست وزیر\" عراق)", "a stray closing guillemet at the end"},
      {"»", "(and)", "only a closing quote: nothing (it once never returned)"},
      {"اقتصاد*", "اقتصاد*", "prefix"},
      {"title:تورم", "(title تورم)", "title field"},
      {"عنوان:تورم بورس", "(and (title تورم) بورس)", "Persian field name, one word"},
      {"source:\"پیک رسا\" تورم", "(and (source \"پیک رسا\") تورم)", "source field with a phrase"},
      {"منبع:پیک", "(source پیک)", "Persian source field"},
      {"title:", "(and)", "a field with nothing after it"},
      {"http://x.example/a", "http://x.example/a", "an unknown field is a word"},
      {"-", "(and)", "only a minus"},
      {"()", "(and)", "empty parentheses"},
      {"\"\"", "\"\"", "empty phrase (the builder drops it)"},
      {"", "(and)", "empty"},
      {"   ", "(and)", "spaces"},
      {"OR", "(and)", "only OR"},
      {"-تورم", "(not تورم)", "only an exclusion"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.in);
    CHECK(kavosh::to_string(kavosh::parse_query_syntax(r.in)) == r.out);
  }
}

TEST_CASE("query syntax: deep nesting is bounded", "[query_syntax]") {
  std::string deep(10000, '(');
  deep += "x";
  CHECK_NOTHROW(kavosh::parse_query_syntax(deep));
  std::string junk;
  for (int i = 0; i < 2000; ++i) junk += "-\"(*:)OR ";
  CHECK_NOTHROW(kavosh::parse_query_syntax(junk));
}
