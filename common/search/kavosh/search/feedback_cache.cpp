#include "kavosh/search/feedback_cache.h"

namespace kavosh {

std::optional<std::string> FeedbackCache::key(const std::string& revision,
                                              const Xapian::Query& query) {
  if (revision.empty()) return std::nullopt;
  try {
    return revision + '\x1f' + query.serialise();
  } catch (const Xapian::UnimplementedError&) {
    return std::nullopt;  // a query that cannot be serialised is not cached
  }
}

}  // namespace kavosh
