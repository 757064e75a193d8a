// Stage 1b: character folding, one code point at a time.
//
// Applied after Unicode NFKC (see char_filter.h), so presentation forms have
// already become base letters. Each rule is listed, with its code points, in
// fold.cpp.
#pragma once

#include <unicode/umachine.h>

#include <string>
#include <string_view>

namespace kavosh {

// Marker returned by fold_code_point() for a code point that is deleted.
inline constexpr UChar32 kFoldDrop = -1;
// Marker returned for a code point that acts as a word separator (mapped to a space).
inline constexpr UChar32 kFoldSpace = 0x20;

// Returns the folded code point for `c`, kFoldDrop when `c` is deleted
// (diacritics, tatweel, invisible formatting characters). Never returns a
// sequence: every rule maps one code point to at most one.
UChar32 fold_code_point(UChar32 c);

// A word as written, the way a reader is shown it: what fold_code_point()
// deletes goes (marks, tatweel, direction and width controls), Arabic yeh and
// kaf become the Persian letters a reader's keyboard types, and every other
// letter stays as written (hamza, madda, the ZWNJ, letter case).
std::string shown_form(std::string_view written);

}  // namespace kavosh
