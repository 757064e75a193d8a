// The cache of blind-feedback expansions (search/feedback_cache.h): keys follow
// the database's revision, entries leave least recently used first, and a
// cached expansion ranks exactly as a computed one.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>

#include "index_util.h"
#include "kavosh/search/database.h"
#include "kavosh/search/feedback_cache.h"
#include "kavosh/search/query.h"
#include "kavosh/search/ranking.h"
#include "test_util.h"

namespace {

using kavosh::Expansion;
using kavosh::FeedbackCache;

std::vector<Xapian::docid> ids_of(const Xapian::MSet& m) {
  std::vector<Xapian::docid> out;
  for (auto it = m.begin(); it != m.end(); ++it) out.push_back(*it);
  return out;
}

}  // namespace

TEST_CASE("feedback cache: found by key, least recently used first out", "[feedback_cache]") {
  FeedbackCache cache(2);
  CHECK_FALSE(cache.find("a").has_value());
  cache.insert("a", Expansion{{"Zx", 0.3}});
  cache.insert("b", Expansion{{"Zy", 0.2}});
  REQUIRE(cache.find("a").has_value());       // "a" is now the most recent
  cache.insert("c", Expansion{{"Zz", 0.1}});  // "b" goes
  CHECK_FALSE(cache.find("b").has_value());
  CHECK(cache.find("a") == Expansion{{"Zx", 0.3}});
  CHECK(cache.find("c") == Expansion{{"Zz", 0.1}});
  cache.insert("a", Expansion{});  // replaced, not added
  CHECK(cache.find("a") == Expansion{});
  CHECK(cache.hits() == 4);
  CHECK(cache.misses() == 2);
  FeedbackCache none(0);
  none.insert("a", Expansion{{"Zx", 1.0}});
  CHECK_FALSE(none.find("a").has_value());
}

TEST_CASE("feedback cache: a commit changes the key", "[feedback_cache]") {
  kavosh::testing::TempDir dir;
  const std::string path = dir / "db";
  Xapian::WritableDatabase w(path, Xapian::DB_CREATE);
  Xapian::Document doc;
  doc.add_term("Zکتاب");
  w.add_document(doc);
  w.commit();
  const Xapian::Query query("Zکتاب");
  Xapian::Database db(path);
  auto key = [&](const Xapian::Database& d, const Xapian::Query& q) {
    return FeedbackCache::key(kavosh::revision_key(d).value_or(std::string()), q);
  };
  const std::string before = key(db, query).value();
  CHECK(before == key(Xapian::Database(path), query));
  CHECK(before != key(db, Xapian::Query("Zخبر")));
  w.add_document(doc);
  w.commit();
  db.reopen();
  CHECK(before != key(db, query));
  // Two databases combined have no one revision: nothing is cached for them
  // unless the readers give one (ReadContext::revision).
  Xapian::Database both(path);
  both.add_database(Xapian::Database(path));
  CHECK_FALSE(kavosh::revision_key(both).has_value());
  CHECK_FALSE(key(both, query).has_value());
}

TEST_CASE("feedback cache: a cached expansion ranks as a computed one", "[feedback_cache]") {
  kavosh::testing::TempDir dir;
  const std::string path = dir / "db";
  kavosh::testing::index_inputs(path, {KAVOSH_SOURCE_DIR "/indexer/sample/news.jsonl"});
  Xapian::Database db(path);
  kavosh::Analyzer analyzer;
  FeedbackCache cache;
  kavosh::MatchOptions cached;
  cached.feedback_cache = &cache;
  for (const char* q : {"تهران", "نمایشگاه کتاب", "باران"}) {
    INFO(q);
    const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, q, &db);
    const auto computed = ids_of(kavosh::run_query(db, parsed, 0, 10));
    REQUIRE(computed.size() >= 2);
    const auto first = ids_of(kavosh::run_query(db, parsed, 0, 10, {}, cached));
    const std::size_t misses = cache.misses();
    const auto again = ids_of(kavosh::run_query(db, parsed, 0, 10, {}, cached));
    CHECK(cache.misses() == misses);  // the second time from the cache
    CHECK(first == computed);
    CHECK(again == computed);
  }
}
