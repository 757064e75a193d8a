// The analyzer: the one definition of how Kavosh turns text into terms, used
// identically for documents and for queries.
//
// Order (each stage is a file of this folder, tested alone):
//   1. char_filter  Unicode NFKC, then fold.h per code point (yeh/kaf/heh/alef
//                   variants, digits to ASCII, diacritics/tatweel/invisible
//                   marks deleted, case folded), keeping a map to the original
//   2. tokenizer    ICU word break (UAX #29) on the normalized text; offsets
//                   mapped back to the original
//   3. filters      remove_zwnj, strip_digit_grouping, drop_long_tokens
//   4. stemmer      Token::stem
// Folding runs before tokenizing so that word limits are found on the folded
// letters and digits (e.g. ۳٫۵ is already 3.5 and stays one number).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kavosh/analysis/stemmer.h"
#include "kavosh/analysis/token.h"
#include "kavosh/analysis/tokenizer.h"

namespace kavosh {

// Not thread-safe: create one per thread (construction is cheap: it clones a
// shared ICU prototype).
class Analyzer {
 public:
  static constexpr std::string_view kName = "kavosh-fa";
  // Bump whenever a change to any stage changes the terms of some text:
  // databases built with another version are refused until re-indexed.
  static constexpr int kVersion = 1;
  // Longest token kept, in bytes of its normalized form.
  static constexpr std::size_t kMaxTokenBytes = 120;

  // "kavosh-fa 1": stored in each database's metadata.
  static std::string id();

  Analyzer() = default;

  // All tokens of `text` (UTF-8), with offsets into `text`.
  std::vector<Token> analyze(std::string_view text);

  // The stem of an already normalized word (query-side helpers).
  std::string stem(const std::string& word) const { return stemmer_.stem(word); }

 private:
  Tokenizer tokenizer_;
  Stemmer stemmer_;
};

}  // namespace kavosh
