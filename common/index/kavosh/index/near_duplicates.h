// Near-duplicate articles: agencies syndicate one story with small edits.
//
// Each article gets a 64-bit SimHash of its word 3-shingles (normalized and
// stemmed words, so spelling variants do not count as edits). Two articles
// whose SimHashes differ in at most kMaxDistance bits are near-duplicates.
// By the pigeonhole principle they then share at least one of the four 16-bit
// bands, which is how candidates are found. After every indexing run,
// plan_clusters() groups the whole database into clusters and
// IndexWriter::update_clusters() stores a cluster id on their members:
// search collapses on it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kavosh/analysis/token.h"
#include "kavosh/util/status.h"

namespace kavosh {

inline constexpr int kMaxDistance = 3;
// Texts with fewer shingles than this are too short to compare reliably.
inline constexpr std::size_t kMinShingles = 20;

// The SimHash of `tokens` (an article's title and body), nullopt when too short.
std::optional<std::uint64_t> simhash(const std::vector<Token>& tokens);

int hamming_distance(std::uint64_t a, std::uint64_t b);

std::string encode_simhash(std::uint64_t h);  // 16 hex digits
std::optional<std::uint64_t> decode_simhash(const std::string& value);

// The four band terms (schema::kPrefixDupBand + band number + 4 hex digits).
std::vector<std::string> band_terms(std::uint64_t h);

struct ClusterStats {
  std::uint64_t documents = 0;  // with a SimHash
  std::uint64_t clusters = 0;   // of two or more articles
  std::uint64_t members = 0;    // articles in those clusters
  std::uint64_t updated = 0;    // articles whose cluster value changed
};

// The clusters of the whole database: each member's cluster id (the unique
// term hash of its first document) for schema::kSlotCluster, and the
// articles whose stored value differs (an empty value: no longer in a
// cluster). Reads only. Time is linear in the number of articles (plus the
// pairs sharing a band); memory is 16 bytes per article.
struct ClusterPlan {
  ClusterStats stats;
  std::vector<std::pair<Xapian::docid, std::string>> changes;  // docid, new value
};
Result<ClusterPlan> plan_clusters(const Xapian::Database& db);

}  // namespace kavosh
