// The "did you mean" development set (tests/eval/spelling/): misspelled
// queries made from the shared news, each with the query meant, and spelling
// variants the analyzer already folds, which must get no suggestion. Scored
// per kind of slip for Kavosh's corrector (spelling_correction) and, as a
// baseline, for Xapian's spelling dictionary word by word.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/util/status.h"

namespace kavosh::eval {

// The kind of the rows that must get no suggestion.
inline constexpr const char* kVariantKind = "variant";

struct Typo {
  std::string kind;      // sound-alike, dots, keyboard, ..., variant
  std::string typed;     // what the reader types
  std::string expected;  // the query meant, as articles write it; empty for a variant
};

// "kind<TAB>typed<TAB>expected" lines ('#' lines and blank lines skipped).
// Fails, as "name:line: ...", on another number of fields, an empty kind or
// typed query, a variant with an expected query or a typo without one, or a
// repeated typed query.
Result<std::vector<Typo>> parse_typos(std::istream& in, const std::string& name);
Result<std::vector<Typo>> read_typos(const std::filesystem::path& path);

struct KindScore {
  std::size_t queries = 0;
  std::size_t right = 0;      // the suggestion is the query meant (as the analyzer reads it)
  std::size_t written = 0;    // ... and written as articles write it, character for character
  std::size_t suggested = 0;  // any suggestion (for variants: each one is false)
};

struct TypoScores {
  std::map<std::string, KindScore> by_kind;
  KindScore typos;                 // every kind but variants
  std::vector<double> latency_ms;  // per query, Kavosh's corrector only
  // "kind: typed -> suggestion (expected)" of the typos not corrected right
  // and the variants given a suggestion.
  std::vector<std::string> misses;
};

// The suggestion of Kavosh's corrector for every row, over `db` (built by
// kavosh-index from the news corpora).
TypoScores score_corrector(const Xapian::Database& db, Analyzer& analyzer,
                           const std::vector<Typo>& typos);

// The same with Xapian's spelling dictionary alone: each word of the query
// (as the analyzer normalizes it) replaced by get_spelling_suggestion(word, 2)
// when it has one.
TypoScores score_xapian_spelling(const Xapian::Database& db, Analyzer& analyzer,
                                 const std::vector<Typo>& typos);

}  // namespace kavosh::eval
