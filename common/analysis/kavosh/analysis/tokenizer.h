// Stage 2: word segmentation of normalized text with ICU's word break rules
// (UAX #29), which keep ZWNJ (an Extend character) inside a word, so
// می‌ورزند and کتاب‌ها arrive as one token, and keep numbers like 3.14 whole.
#pragma once

#include <unicode/brkiter.h>

#include <memory>
#include <string_view>
#include <vector>

#include "kavosh/analysis/char_filter.h"
#include "kavosh/analysis/token.h"

namespace kavosh {

// Not thread-safe (holds an ICU BreakIterator): use one per thread.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Words and numbers of `normalized.text`, in order, with offsets mapped to
  // the original text and consecutive positions from 0. Punctuation, spaces
  // and symbols produce no token.
  std::vector<Token> tokenize(const NormalizedText& normalized);

 private:
  std::unique_ptr<icu::BreakIterator> breaker_;
};

}  // namespace kavosh
