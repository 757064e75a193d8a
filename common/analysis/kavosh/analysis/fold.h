// Stage 1b: character folding, one code point at a time.
//
// Applied after Unicode NFKC (see char_filter.h), so presentation forms have
// already become base letters. Each rule is listed, with its code points, in
// fold.cpp.
#pragma once

#include <unicode/umachine.h>

namespace kavosh {

// Marker returned by fold_code_point() for a code point that is deleted.
inline constexpr UChar32 kFoldDrop = -1;
// Marker returned for a code point that acts as a word separator (mapped to a space).
inline constexpr UChar32 kFoldSpace = 0x20;

// Returns the folded code point for `c`, kFoldDrop when `c` is deleted
// (diacritics, tatweel, invisible formatting characters). Never returns a
// sequence: every rule maps one code point to at most one.
UChar32 fold_code_point(UChar32 c);

}  // namespace kavosh
