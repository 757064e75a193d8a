// A cache of blind-feedback expansions (ranking.h). The expansion of a query
// depends only on the query, its filters and the database's contents, and it
// is most of what a search costs (a first ranking, then the terms of the top
// articles: about three quarters of the instructions of a search at 10x the
// shared corpora). Readers repeat queries (the next page, a facet, a sort),
// so each expansion is kept for the database revision it was computed on.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kavosh {

// Stem terms and their weights in the expanded query (plain data: Xapian
// objects are not shared between threads).
using Expansion = std::vector<std::pair<std::string, double>>;

// Thread-safe. Least recently used entries go first.
class FeedbackCache {
 public:
  explicit FeedbackCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // The cache key of `query` (the feedback pass's query, filters included)
  // on `db`: its revision and identity, so that a commit or a swapped-in
  // database is never answered from an older one.
  static std::string key(const Xapian::Database& db, const Xapian::Query& query);

  std::optional<Expansion> find(const std::string& key);
  void insert(const std::string& key, Expansion expansion);

  std::size_t hits() const;
  std::size_t misses() const;

  static constexpr std::size_t kDefaultCapacity = 4096;

 private:
  using Entry = std::pair<std::string, Expansion>;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace kavosh
