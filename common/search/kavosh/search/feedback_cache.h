// A cache of blind-feedback expansions (ranking.h). The expansion of a query
// depends only on the query, its filters and the database's contents, and it
// is most of what a search costs (a first ranking, then the terms of the top
// articles: about three quarters of the instructions of a search at 10x the
// shared corpora). Readers repeat queries (the next page, a facet, a sort),
// so each expansion is kept for the database revision it was computed on.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kavosh/util/lru_cache.h"

namespace kavosh {

// Stem terms and their weights in the expanded query (plain data: Xapian
// objects are not shared between threads).
using Expansion = std::vector<std::pair<std::string, double>>;

// Thread-safe. Least recently used entries go first.
class FeedbackCache : public LruCache<Expansion> {
 public:
  explicit FeedbackCache(std::size_t capacity = kDefaultCapacity) : LruCache(capacity) {}

  // The cache key of `query` (the feedback pass's query, filters included)
  // on data of `revision` (ReadContext::revision, database.h); nullopt when
  // it cannot have one (an unknown revision, or a query that cannot be
  // serialised).
  static std::optional<std::string> key(const std::string& revision, const Xapian::Query& query);

  static constexpr std::size_t kDefaultCapacity = 4096;
};

}  // namespace kavosh
