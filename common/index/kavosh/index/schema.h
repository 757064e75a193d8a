// The index schema: the one place that spells term prefixes, value slots and
// metadata keys. Nothing else in the project writes these literals.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace kavosh::schema {

// ---- Term prefixes (Xapian/Omega conventions where one exists) ----
// Unprefixed terms: every analyzed word of title and body, with positions
// (title first, then body after kBodyPositionGap), for phrase search.
inline constexpr std::string_view kPrefixWord = "";
// Stemmed form of every word of title and body (wdf only, no positions).
// Queries are matched on these terms.
inline constexpr std::string_view kPrefixStem = "Z";
// Title words with positions, and their stems.
inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixTitleStem = "ZS";
// Boolean filter terms (values are normalized and lower-cased).
inline constexpr std::string_view kPrefixSource = "XSRC";
inline constexpr std::string_view kPrefixCategory = "XCAT";
inline constexpr std::string_view kPrefixTag = "K";
// The article's API id (document.h: api_id(): the record's own id, else one
// derived from its unique key), normalized, to find an article by the id a
// client saw.
inline constexpr std::string_view kPrefixId = "XID";
// The unique key of an article (see document.h: unique_key()).
inline constexpr std::string_view kPrefixUnique = "Q";

// ---- Term kinds ----
// Every prefix is made of upper-case ASCII letters; words (Token::text) are
// case-folded, so no word term starts with one. These helpers are the only
// code that relies on it.
constexpr bool is_prefix_byte(char c) { return c >= 'A' && c <= 'Z'; }
// An unprefixed term: a word of title or body as analyzed (Token::text).
constexpr bool is_word_term(std::string_view term) {
  return !term.empty() && !is_prefix_byte(term[0]);
}
// A walk over all terms in order meets the prefixed ones together (between
// "A" and "Z\xff..."); skip_to(kAfterPrefixedTerms) passes them.
inline constexpr std::string_view kAfterPrefixedTerms = "[";  // the byte after 'Z'
// The stem term of a word's stem (what queries match).
inline std::string stem_term(std::string_view stem) {
  std::string term(kPrefixStem);
  term.append(stem);
  return term;
}
// True for a stem term of title and body (kPrefixStem), not a title stem
// (kPrefixTitleStem, which begins with the same letter).
constexpr bool is_stem_term(std::string_view term) {
  return term.size() > kPrefixStem.size() && term.substr(0, kPrefixStem.size()) == kPrefixStem &&
         term.substr(0, kPrefixTitleStem.size()) != kPrefixTitleStem;
}
// The stem of a stem term. REQUIRES: is_stem_term(term).
constexpr std::string_view stem_of_term(std::string_view term) {
  return term.substr(kPrefixStem.size());
}
// True for a term of `prefix` (a boolean term such as kPrefixUnique).
constexpr bool has_prefix(std::string_view term, std::string_view prefix) {
  return term.substr(0, prefix.size()) == prefix;
}

// Positions of body words start after the title's, separated by this gap so
// that no phrase spans the title/body boundary.
inline constexpr Xapian::termpos kBodyPositionGap = 100;

// Xapian refuses terms over 245 bytes; keep a margin for the prefix.
inline constexpr std::size_t kMaxTermBytes = 200;

// ---- Value slots ----
enum : Xapian::valueno {
  // Publication time as "YYYYMMDDHHMMSS" (UTC when known), so string order
  // is time order; empty when the article has no usable date.
  kSlotDate = 0,
  // Source and category as the article writes them (facets, display).
  kSlotSource = 1,
  kSlotCategory = 2,
  // Where the stored version of an article came from: run id, content hash
  // and input place ("file:line"), separated by kOriginSeparator. Lets the
  // indexer tell a record repeated within one run (warned about, with both
  // places) from an update of an article indexed by an earlier run.
  kSlotOrigin = 3,
  // Near-duplicate fingerprint (near_duplicates.h: encode_fingerprint):
  // sampled shingles of the body, headline words, numbers, day; empty for
  // bodies too short to compare.
  kSlotDupFingerprint = 4,
  // Near-duplicate cluster: the same value on every article of a cluster of
  // near-duplicates, empty on articles without one. The collapse key of search.
  kSlotCluster = 5,
  // The Solar Hijri month of the publication date, "YYYY-MM" (dates.h:
  // month_key), empty when the article has no date. The month facet counts it.
  kSlotMonth = 6,
  // Checkpoints of the body for fast snippets (checkpoint_table.h): every
  // Kth body token's position, byte and character offset, varint-encoded;
  // only on bodies of at least kCheckpointMinBodyBytes. Absent: snippets
  // analyse the body.
  kSlotBodyCheckpoints = 7,
  // The article's API id as a client sees it (document.h: api_id()), so that
  // listing articles (similar ones, cluster members) reads no stored record.
  kSlotApiId = 8,
  // kSlotDate's value, or "~" (after every digit) when the article has no
  // date: ascending order lists the oldest first and undated articles last
  // (sort=oldest) with Xapian's own value sort. A KeyMaker could do it from
  // kSlotDate, but Xapian's remote backend (shards.h) takes none.
  kSlotDateUndatedLast = 9,
};
inline constexpr char kOriginSeparator = '\x1f';

// ---- Spelling dictionary ----
// Xapian's spelling table holds every word of titles and bodies in its
// normalized form (Token::text: folded letters, no ZWNJ) of at least
// kMinSpellingChars characters and without digits, with the number of
// articles that contain it ("did you mean", search/suggest.h).
inline constexpr std::size_t kMinSpellingChars = 2;

// ---- Database metadata keys ----
// "<analyzer name> <analyzer version>" of the analyzer that built the index. A
// database built by another analyzer version is refused (re-index it).
inline constexpr std::string_view kMetaAnalyzer = "kavosh.analyzer";
// Schema version of the document layout (data JSON, slots, prefixes).
inline constexpr std::string_view kMetaSchema = "kavosh.schema";
// 2: the month slot (kSlotMonth) and the spelling dictionary.
// 3: an XID term for every article (derived ids for records without one)
//    and the checkpoint table of long bodies (kSlotBodyCheckpoints).
// 4: the API id in a value slot (kSlotApiId).
// 5: a cluster membership term (kPrefixCluster) beside the cluster value.
// 6: near-duplicate fingerprints (kSlotDupFingerprint) instead of SimHash
//    values and band terms; a cluster's members in metadata
//    (kMetaClusterPrefix) instead of a membership term on each.
// 7: kSlotDateUndatedLast.
inline constexpr std::string_view kSchemaVersion = "7";
// The part of an archive a database holds, "K/N" (kavosh-index --shard K/N);
// absent for a whole archive.
inline constexpr std::string_view kMetaShard = "kavosh.shard";
// The compound lexicon built from the index (compounds.h): one key per word
// seen written with a ZWNJ between two words, kMetaCompoundPrefix + the joined
// Token::text (نخستوزیر), whose value is head + kCompoundSeparator + tail.
inline constexpr std::string_view kMetaCompoundPrefix = "kavosh.compound:";
inline constexpr char kCompoundSeparator = '\x1f';
// How words that are not compounds were written with a ZWNJ (an affix set
// apart: کتاب‌های): kMetaWrittenPrefix + the joined Token::text (کتابهای),
// whose value is the written form. Suggestions show words so.
inline constexpr std::string_view kMetaWrittenPrefix = "kavosh.written:";
// How words are written with letters the analyzer folds (ائتلاف, آزادی):
// kMetaLetterFormPrefix + Token::text, whose value is the form most articles
// indexed so far wrote, kCompoundSeparator, and how many articles did (as
// decimal digits). Shown only when they are most of the word's articles.
inline constexpr std::string_view kMetaLetterFormPrefix = "kavosh.letters:";
// The members of a near-duplicate cluster: kMetaClusterPrefix + the cluster's
// kSlotCluster value, whose value lists them newest first
// (near_duplicates.h: encode_cluster_members), so that listing a hit's
// similar articles reads one entry and a new cluster value is written on an
// article without touching its terms (Xapian then rewrites only its values).
inline constexpr std::string_view kMetaClusterPrefix = "kavosh.cluster:";
inline std::string cluster_key(std::string_view cluster) {
  std::string key(kMetaClusterPrefix);
  key.append(cluster);
  return key;
}

}  // namespace kavosh::schema
