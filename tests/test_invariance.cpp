// Spelling invariance on real news (../shared/corpora/iranian-news): every
// spelling of a query (ZWNJ kept, stripped, or a space; Persian or Arabic
// letters) must return the same top 10. Skips when the corpora are absent.
#include <xapian.h>
#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "index_runner.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "test_util.h"

using kavosh::testing::TempDir;

namespace {

constexpr const char* kZwnj = "\xE2\x80\x8C";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The spellings of `query` (written with ZWNJ and Persian letters) that real
// dumps use: ZWNJ kept, stripped, replaced by a space; each also with the
// Arabic yeh and kaf.
std::vector<std::string> spellings(const std::string& query) {
  std::vector<std::string> out;
  for (const std::string& joiner : {std::string(kZwnj), std::string(), std::string(" ")}) {
    const std::string s = replace_all(query, kZwnj, joiner);
    out.push_back(s);
    out.push_back(replace_all(replace_all(s, "ی", "ي"), "ک", "ك"));
  }
  return out;
}

std::vector<std::string> top10(kavosh::SearchService& service, const std::string& q) {
  kavosh::SearchRequest r;
  r.query = q;
  auto res = service.search(r);
  REQUIRE(res.ok());
  std::vector<std::string> ids;
  for (const auto& h : res.value().hits) ids.push_back(h.source + "/" + h.id);
  return ids;
}

}  // namespace

TEST_CASE("every spelling of a query returns the same top 10 (needs ../shared/corpora)",
          "[invariance]") {
  const std::string corpora = kavosh::testing::shared_corpora();
  if (corpora.empty()) {
    WARN("SKIPPED: ../shared/corpora is absent: spelling invariance not checked");
    return;
  }
  TempDir dir;
  kavosh::IndexOptions options;
  options.db_path = dir / "db";
  options.inputs = {corpora + "/iranian-news/iranian_news.jsonl"};
  options.quiet = true;
  std::ostringstream log;
  auto summary = kavosh::run_index(options, log);
  REQUIRE(summary.ok());
  auto service = kavosh::SearchService::open(dir / "db");
  REQUIRE(service.ok());

  // Our own queries: verb prefixes, plurals, superlatives, compounds.
  const char* const queries[] = {
      "تحریم‌های آمریکا",
      "اصلاح‌طلبان",
      "گفت‌وگو با رسانه‌ها",
      "رئیس‌جمهور",
      "می‌شود",
      "مهم‌ترین خبرها",
      "بین‌المللی",
      "پیش‌بینی قیمت‌ها",
      "نمی‌تواند",
      "انرژی هسته‌ای",
      "کتاب‌های درسی",
      "شرکت‌های خودروسازی",
      "بزرگ‌ترین بانک‌ها",
      "نخست‌وزیر عراق",
      "سال‌های گذشته",
      // Known items (tests/eval/known_items/known-items.tsv): one story each,
      // where whether feedback runs depends on the scores.
      "روحانی اوج‌گیری مجدد کرونا",
      "صرافی‌های نخورد ۱۱ خرداد",
      "حدنصاب اجاره‌بها 15 تیر",
      "رایزنی کرد‌های سوریه با مسکو",
      "استعفا تهدید فرصت اصلاح‌طلبان",
  };
  for (const char* q : queries) {
    const std::vector<std::string> variants = spellings(q);
    const std::vector<std::string> expected = top10(*service.value(), variants[0]);
    INFO("query: " << q);
    CHECK_FALSE(expected.empty());
    for (const std::string& v : variants) {
      INFO("spelling: " << v);
      CHECK(top10(*service.value(), v) == expected);
    }
  }
}
