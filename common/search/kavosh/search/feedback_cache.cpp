#include "kavosh/search/feedback_cache.h"

namespace kavosh {

std::optional<std::string> revision_key(const Xapian::Database& db) {
  try {
    const std::string uuid = db.get_uuid();
    if (uuid.empty()) return std::nullopt;
    return uuid + '\x1f' + std::to_string(db.get_revision());
  } catch (const Xapian::InvalidOperationError&) {
    return std::nullopt;  // several databases, or a remote one: no single revision
  } catch (const Xapian::UnimplementedError&) {
    return std::nullopt;
  }
}

std::optional<std::string> FeedbackCache::key(const Xapian::Database& db,
                                              const Xapian::Query& query) {
  std::optional<std::string> key = revision_key(db);
  if (!key) return std::nullopt;
  try {
    *key += '\x1f';
    *key += query.serialise();
  } catch (const Xapian::UnimplementedError&) {
    return std::nullopt;  // a query that cannot be serialised is not cached
  }
  return key;
}

}  // namespace kavosh
