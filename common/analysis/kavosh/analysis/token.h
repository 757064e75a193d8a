// The unit the analysis chain passes between its stages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kavosh {

enum class TokenKind : std::uint8_t {
  kWord,    // letters (any script)
  kNumber,  // a decimal number, digits already folded to ASCII
};

// One analyzed word.
//
// Contract (shared by every stage): `start`/`end` are byte offsets into the
// ORIGINAL text handed to the analyzer, set by the tokenizer and never changed
// by a later stage; highlighting relies on them. `position` counts words from 0
// and is also fixed by the tokenizer, so a dropped token leaves a gap and no
// phrase can match across it.
struct Token {
  std::string text;  // normalized (folded) form, after the token filters
  std::string stem;  // stemmed form of `text` (equal to it when nothing applies)
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::uint32_t position = 0;
  TokenKind kind = TokenKind::kWord;
  // True when only whitespace separates this token from the previous one (no
  // punctuation): a detached affix may be rejoined across it.
  bool space_before = false;
  // Byte offsets in `text` where remove_zwnj() took out a ZWNJ between two
  // parts (کتاب‌ها -> {10}); empty for most words. compounds.h reads them.
  std::vector<std::uint32_t> zwnj_at;
};

}  // namespace kavosh
