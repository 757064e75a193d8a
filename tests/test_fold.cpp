// One row per folding rule of fold.cpp, plus characters that must not change.
#include <catch2/catch.hpp>

#include "kavosh/analysis/fold.h"

using kavosh::fold_code_point;
using kavosh::kFoldDrop;

namespace {

struct Row {
  UChar32 in;
  UChar32 out;
  const char* why;
};

}  // namespace

TEST_CASE("fold: every rule maps its code points", "[fold]") {
  const Row rows[] = {
      {0x064A, 0x06CC, "ARABIC LETTER YEH -> FARSI YEH"},
      {0x0649, 0x06CC, "ALEF MAKSURA -> FARSI YEH"},
      {0x0626, 0x06CC, "YEH WITH HAMZA ABOVE -> FARSI YEH"},
      {0x06CD, 0x06CC, "YEH WITH TAIL -> FARSI YEH"},
      {0x06D0, 0x06CC, "ARABIC LETTER E -> FARSI YEH"},
      {0x0643, 0x06A9, "ARABIC KAF -> KEHEH"},
      {0x06AA, 0x06A9, "SWASH KAF -> KEHEH"},
      {0x0629, 0x0647, "TEH MARBUTA -> HEH"},
      {0x06C0, 0x0647, "HEH WITH YEH ABOVE -> HEH"},
      {0x06C1, 0x0647, "HEH GOAL -> HEH"},
      {0x06C2, 0x0647, "HEH GOAL WITH HAMZA -> HEH"},
      {0x06D5, 0x0647, "AE -> HEH"},
      {0x0622, 0x0627, "ALEF WITH MADDA -> ALEF"},
      {0x0623, 0x0627, "ALEF WITH HAMZA ABOVE -> ALEF"},
      {0x0625, 0x0627, "ALEF WITH HAMZA BELOW -> ALEF"},
      {0x0671, 0x0627, "ALEF WASLA -> ALEF"},
      {0x0624, 0x0648, "WAW WITH HAMZA -> WAW"},
      {0x066B, '.', "ARABIC DECIMAL SEPARATOR -> ."},
      {0x066C, ',', "ARABIC THOUSANDS SEPARATOR -> ,"},
      {0x060C, ' ', "ARABIC COMMA -> space"},
      {0x06F0, '0', "EXTENDED ARABIC-INDIC DIGIT ZERO"},
      {0x06F4, '4', "EXTENDED ARABIC-INDIC DIGIT FOUR"},
      {0x06F9, '9', "EXTENDED ARABIC-INDIC DIGIT NINE"},
      {0x0660, '0', "ARABIC-INDIC DIGIT ZERO"},
      {0x0665, '5', "ARABIC-INDIC DIGIT FIVE"},
      {0x0669, '9', "ARABIC-INDIC DIGIT NINE"},
      {0x0966, '0', "DEVANAGARI DIGIT ZERO (any Nd digit)"},
      {'A', 'a', "ASCII upper case"},
      {'Z', 'z', "ASCII upper case"},
      {0x00C9, 0x00E9, "LATIN CAPITAL E WITH ACUTE"},
      {0x0394, 0x03B4, "GREEK CAPITAL DELTA"},
      {0x064B, kFoldDrop, "FATHATAN"},
      {0x064E, kFoldDrop, "FATHA"},
      {0x0650, kFoldDrop, "KASRA"},
      {0x0651, kFoldDrop, "SHADDA"},
      {0x0652, kFoldDrop, "SUKUN"},
      {0x0654, kFoldDrop, "HAMZA ABOVE (mark)"},
      {0x065F, kFoldDrop, "WAVY HAMZA BELOW"},
      {0x0670, kFoldDrop, "SUPERSCRIPT ALEF"},
      {0x0640, kFoldDrop, "TATWEEL"},
      {0x200E, kFoldDrop, "LRM"},
      {0x200F, kFoldDrop, "RLM"},
      {0x061C, kFoldDrop, "ARABIC LETTER MARK"},
      {0x202A, kFoldDrop, "LRE"},
      {0x202E, kFoldDrop, "RLO"},
      {0x2066, kFoldDrop, "LRI"},
      {0x2069, kFoldDrop, "PDI"},
      {0xFEFF, kFoldDrop, "BOM"},
      {0x00AD, kFoldDrop, "SOFT HYPHEN"},
      {0x200D, kFoldDrop, "ZWJ"},
      {0x06DA, kFoldDrop, "SMALL HIGH JEEM (Quranic mark)"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(fold_code_point(r.in) == r.out);
  }
}

TEST_CASE("fold: letters and symbols that must not change", "[fold]") {
  const UChar32 unchanged[] = {
      0x06CC,  // FARSI YEH
      0x06A9,  // KEHEH
      0x0647,  // HEH
      0x0627,  // ALEF
      0x0648,  // WAW
      0x067E,  // PEH
      0x0686,  // TCHEH
      0x0698,  // JEH
      0x06AF,  // GAF
      0x0621,  // HAMZA (letter, not a mark)
      0x200C,  // ZWNJ: kept for the tokenizer
      0x061F,  // ARABIC QUESTION MARK
      0x06DD,  // END OF AYAH (a symbol, not a mark)
      'a',    '0', '.', ' ',
  };
  for (UChar32 c : unchanged) {
    INFO("U+" << std::hex << c);
    CHECK(fold_code_point(c) == c);
  }
}
