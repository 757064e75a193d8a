// The analyzer: the one definition of how Kavosh turns text into terms, used
// identically for documents and for queries.
//
// Order (each stage is a file of this folder, tested alone):
//   1. char_filter  Unicode NFKC, then fold.h per code point (yeh/kaf/heh/alef
//                   variants, digits to ASCII, diacritics/tatweel/invisible
//                   marks deleted, case folded), keeping a map to the original
//   2. tokenizer    ICU word break (UAX #29) on the normalized text; offsets
//                   mapped back to the original
//   3. filters      remove_zwnj, join_detached_affixes (a detached می, ها,
//                   تر ... rejoined to its word across a space; affixes.h),
//                   strip_digit_grouping, drop_long_tokens (token_filters.h)
//   4. stemmer      Token::stem (stemmer.h)
// Compounds (compounds.h) are not a stage: a token keeps where its ZWNJs
// stood, and the index and the query read compounds from that.
// Folding runs before tokenizing so that word limits are found on the folded
// letters and digits (e.g. ۳٫۵ is already 3.5 and stays one number).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/analysis/stemmer.h"
#include "kavosh/analysis/token.h"
#include "kavosh/analysis/tokenizer.h"

namespace kavosh {

// Which stages run. The defaults are Kavosh's analyzer; switching stages off
// exists to measure each stage's gain (kavosh-eval), and is recorded in the
// analyzer id so that a database is always queried the way it was built.
struct AnalyzerOptions {
  bool fold = true;  // fold.h letter/digit/mark folding (off: NFKC and case only)
  bool join = true;  // rejoin detached affixes (off: only ZWNJ removal)
  bool stem = true;  // Persian and English stemming (off: stem = text)

  bool operator==(const AnalyzerOptions& o) const {
    return fold == o.fold && join == o.join && stem == o.stem;
  }
};

// Not thread-safe: create one per thread (construction is cheap: it clones a
// shared ICU prototype).
class Analyzer {
 public:
  static constexpr std::string_view kName = "kavosh-fa";
  // Bump whenever a change to any stage changes the terms of some text:
  // databases built with another version are refused until re-indexed.
  static constexpr int kVersion = 5;
  // Longest token kept, in bytes of its normalized form.
  static constexpr std::size_t kMaxTokenBytes = 120;

  explicit Analyzer(AnalyzerOptions options = {}) : options_(options) {}

  // "kavosh-fa 5" for the default options, with " -fold", " -join", " -stem"
  // appended for stages switched off: stored in each database's metadata.
  std::string id() const { return id_for(options_); }
  static std::string id_for(const AnalyzerOptions& options);
  // The options an id names; nullopt for another analyzer or version.
  static std::optional<AnalyzerOptions> options_from_id(std::string_view id);

  const AnalyzerOptions& options() const { return options_; }

  // All tokens of `text` (UTF-8), with offsets into `text`.
  std::vector<Token> analyze(std::string_view text);

  // The stem of a word already normalized by analyze() (as Token::stem would be).
  std::string stem(const std::string& word) const {
    return options_.stem ? stemmer_.stem(word) : word;
  }

 private:
  AnalyzerOptions options_;
  Tokenizer tokenizer_;
  Stemmer stemmer_;
};

}  // namespace kavosh
