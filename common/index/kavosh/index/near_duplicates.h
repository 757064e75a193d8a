// Near-duplicate articles: agencies syndicate one story with small edits, and
// a site edits its own story after publication (a headline rewritten, the lead
// trimmed, a paragraph cut or added, a source line appended).
//
// An article's fingerprint holds a sample of the hashes of its body's word
// 4-shingles, over analysed words (folded letters and digits, stems), so that
// spelling and digits are no edit. Two texts are compared by containment: the
// share of the shorter one's shingles found in the longer one, which stays high
// when a copy is trimmed or extended (their Jaccard does not). The headline's
// words, the numbers of the text and the publication day are further evidence:
// copies appear within days, and reports made from one template (daily prices,
// results) share their wording but not their numbers.
//
// After every indexing run plan_clusters() groups the whole database: articles
// that share a sampled shingle are candidates, verified by near_duplicate(),
// and united into clusters. IndexWriter::update_clusters() stores a cluster id
// on the members; search collapses on it and /similar lists it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kavosh/analysis/token.h"
#include "kavosh/util/status.h"

namespace kavosh {

// Word n-grams compared.
inline constexpr std::size_t kShingleWords = 4;
// Bodies with fewer shingles than this get no fingerprint: too short to tell a
// copy from a shared phrase.
inline constexpr std::size_t kMinShingles = 8;
// A fingerprint keeps every shingle hash while that gives at most
// kMaxSampled of them; otherwise those whose low k bits are zero, for the
// smallest k that keeps at most kMaxSampled. The samples of two texts are
// compared at the larger of their two levels (a level-k sample is a subset of
// the level-j sample for j < k), so containment stays an unbiased estimate.
inline constexpr std::size_t kMaxSampled = 128;

struct Fingerprint {
  std::uint8_t level = 0;                    // kept: hashes whose low `level` bits are zero
  std::vector<std::uint32_t> body;           // sampled shingle hashes, sorted, unique
  std::vector<std::uint32_t> title;          // the headline's content words: word_hash(), sorted
  std::vector<std::uint32_t> title_numbers;  // the headline's numbers, hashed, sorted
  std::vector<std::uint32_t> numbers;        // the numbers of headline and body, hashed, sorted
  // A Bloom filter of the content words (stems) of headline and body, about
  // 8 bits a word (at most kMaxWordBits): is a headline's word in the other article?
  std::vector<std::uint64_t> words;
  std::int32_t day = 0;        // days since 1970-01-01; 0: no date
  std::uint32_t shingles = 0;  // shingles of the body before sampling

  // Whether `words` holds the word of `hash` (false positives about 3%).
  bool may_contain(std::uint32_t hash) const;
};
// The hash of a content word (its stem) in Fingerprint::title and ::words.
std::uint32_t word_hash(std::string_view stem);
inline constexpr std::size_t kMaxWordBits = 4096;

// The fingerprint of an article's analysed headline and body; `day` from
// day_number() (dates.h), 0 when unknown. nullopt when the body is too short.
std::optional<Fingerprint> fingerprint(const std::vector<Token>& title,
                                       const std::vector<Token>& body, std::int32_t day);

// The stored form (schema::kSlotDupFingerprint): a version byte, varint
// counts, the hashes as 4 bytes each. decode gives nullopt for anything encode
// did not write.
std::string encode_fingerprint(const Fingerprint& f);
std::optional<Fingerprint> decode_fingerprint(std::string_view value);

// What near_duplicate() weighed, for tests and the evaluation's misses.
struct Comparison {
  double containment = 0;    // shared body samples / the smaller sample
  std::size_t compared = 0;  // samples of the smaller text at the common level
  std::size_t larger = 0;    // samples of the larger text at the common level
  double title = 0;          // shared headline words / the shorter headline
  // The share of each headline's words found anywhere in the other article,
  // the smaller of the two (1 when a headline is empty).
  double coverage = 1;
  bool headline_numbers_differ = false;  // both have numbers, neither's within the other's
  double numbers = 1;                    // shared numbers / the fewer (1 when either has few)
  int days_apart = -1;                   // -1: a date missing
  // Every condition of a copy but the headline coverage, which alone reads
  // Fingerprint::words (plan_clusters() keeps no words in memory and reads
  // them only for the pairs that pass the rest).
  bool copy_but_coverage = false;
  bool copy = false;
};

// The rule of near_duplicate(), chosen on tests/eval/duplicates (make eval).
// Samples the smaller text must have at the common level: fewer give too
// coarse an estimate (one sample in four is 25%).
inline constexpr std::size_t kMinCompared = 8;
// A copy: most of the smaller text is in the other...
inline constexpr double kCopyContainment = 0.8;
// ...or much of it, under much the same headline.
inline constexpr double kEditedCopyContainment = 0.5;
inline constexpr double kEditedCopyTitle = 0.8;
// And a copy's headline, however rewritten, names its story: some of its
// words (a third at least) are in the other article. A digest that includes a story under the
// headline of another one is no copy of it.
inline constexpr double kMinHeadlineCoverage = 1.0 / 3;
// Copies appear within days of each other (when both are dated).
inline constexpr int kMaxDaysApart = 3;
// When both texts have at least kMinNumbersCompared numbers, a copy keeps
// at least this share of them; and headlines with other numbers (another
// day's report, another match) are no copies.
inline constexpr std::size_t kMinNumbersCompared = 3;
inline constexpr double kMinNumbersShared = 0.5;

// Whether `a` and `b` are one story (copy, edited copy, syndicated copy).
Comparison near_duplicate(const Fingerprint& a, const Fingerprint& b);

struct ClusterStats {
  std::uint64_t documents = 0;   // with a fingerprint
  std::uint64_t clusters = 0;    // of two or more articles
  std::uint64_t members = 0;     // articles in those clusters
  std::uint64_t updated = 0;     // articles whose cluster value changed
  std::uint64_t candidates = 0;  // pairs compared
};

// The clusters of the whole database: each member's cluster id (the unique
// term hash of its first document) for schema::kSlotCluster, and the
// articles whose stored value differs (an empty value: no longer in a
// cluster). Reads only. Time is linear in the number of articles plus the
// candidate pairs; memory about 8 bytes per sampled shingle.
struct ClusterPlan {
  ClusterStats stats;
  std::vector<std::pair<Xapian::docid, std::string>> changes;  // docid, new value
  // Every cluster: its value and its members, in docid order.
  std::vector<std::pair<std::string, std::vector<Xapian::docid>>> clusters;
};
Result<ClusterPlan> plan_clusters(const Xapian::Database& db);

// A member of a cluster as schema::kMetaClusterPrefix entries list it.
struct ClusterMember {
  Xapian::docid docid = 0;
  std::string id;  // the API id (schema::kSlotApiId)
};
// The stored list: varint docid, varint length and the API id, per member.
// decode gives nullopt for anything encode did not write.
std::string encode_cluster_members(const std::vector<ClusterMember>& members);
std::optional<std::vector<ClusterMember>> decode_cluster_members(std::string_view value);

}  // namespace kavosh
