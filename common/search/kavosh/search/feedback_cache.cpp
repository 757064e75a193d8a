#include "kavosh/search/feedback_cache.h"

namespace kavosh {

std::string FeedbackCache::key(const Xapian::Database& db, const Xapian::Query& query) {
  std::string key = db.get_uuid();
  key += '\x1f';
  key += std::to_string(db.get_revision());
  key += '\x1f';
  key += query.serialise();
  return key;
}

std::optional<Expansion> FeedbackCache::find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void FeedbackCache::insert(const std::string& key, Expansion expansion) {
  if (capacity_ == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (const auto it = index_.find(key); it != index_.end()) {
    it->second->second = std::move(expansion);
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(key, std::move(expansion));
  index_.emplace(key, entries_.begin());
  while (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

std::size_t FeedbackCache::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

std::size_t FeedbackCache::misses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return misses_;
}

}  // namespace kavosh
