#include "kavosh/analysis/fold.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace kavosh {

namespace {

// Letter variants that Persian text mixes, folded to the Persian letter a
// reader types today. Returns 0 when no rule applies.
UChar32 fold_letter(UChar32 c) {
  switch (c) {
    // Yeh: Persian text arrives with Arabic yeh and alef maksura.
    case 0x064A:  // U+064A ARABIC LETTER YEH
    case 0x0649:  // U+0649 ARABIC LETTER ALEF MAKSURA
    case 0x0626:  // U+0626 ARABIC LETTER YEH WITH HAMZA ABOVE (پائیز = پاییز, مسائل = مسایل)
    case 0x06CD:      // U+06CD ARABIC LETTER YEH WITH TAIL
    case 0x06D0:      // U+06D0 ARABIC LETTER E
      return 0x06CC;  // U+06CC ARABIC LETTER FARSI YEH
    // Kaf.
    case 0x0643:      // U+0643 ARABIC LETTER KAF
    case 0x06AA:      // U+06AA ARABIC LETTER SWASH KAF
      return 0x06A9;  // U+06A9 ARABIC LETTER KEHEH
    // Heh: teh marbuta and heh with hamza are spellings of a final heh.
    case 0x0629:      // U+0629 ARABIC LETTER TEH MARBUTA
    case 0x06C0:      // U+06C0 ARABIC LETTER HEH WITH YEH ABOVE
    case 0x06C1:      // U+06C1 ARABIC LETTER HEH GOAL
    case 0x06C2:      // U+06C2 ARABIC LETTER HEH GOAL WITH HAMZA ABOVE
    case 0x06D5:      // U+06D5 ARABIC LETTER AE
      return 0x0647;  // U+0647 ARABIC LETTER HEH
    // Alef: hamza and madda carriers fold to bare alef. Folding madda too is a
    // deliberate choice: many readers type آ as ا, and highlighting shows the
    // original text, so nothing visible is lost.
    case 0x0622:      // U+0622 ARABIC LETTER ALEF WITH MADDA ABOVE
    case 0x0623:      // U+0623 ARABIC LETTER ALEF WITH HAMZA ABOVE
    case 0x0625:      // U+0625 ARABIC LETTER ALEF WITH HAMZA BELOW
    case 0x0671:      // U+0671 ARABIC LETTER ALEF WASLA
      return 0x0627;  // U+0627 ARABIC LETTER ALEF
    // Waw with hamza (مؤسسه = موسسه).
    case 0x0624:      // U+0624 ARABIC LETTER WAW WITH HAMZA ABOVE
      return 0x0648;  // U+0648 ARABIC LETTER WAW
    // Decimal and thousands separators inside numbers (۳٫۵, ۱۲۳٬۴۵۶).
    case 0x066B:  // U+066B ARABIC DECIMAL SEPARATOR
      return '.';
    case 0x066C:  // U+066C ARABIC THOUSANDS SEPARATOR
      return ',';
    // The Arabic comma separates list items, also between numbers (۱،۲): never
    // part of a word, so it becomes a space rather than a MidNum the word
    // breaker would join digits across.
    case 0x060C:  // U+060C ARABIC COMMA
      return kFoldSpace;
    default:
      return 0;
  }
}

// Characters deleted outright: they change neither meaning nor word limits.
bool is_dropped(UChar32 c) {
  // U+064B..U+065F ARABIC FATHATAN..ARABIC WAVY HAMZA BELOW (harakat, tanwin,
  // shadda, sukun, hamza above/below as marks).
  if (c >= 0x064B && c <= 0x065F) return true;
  switch (c) {
    case 0x0670:  // U+0670 ARABIC LETTER SUPERSCRIPT ALEF
    case 0x0640:  // U+0640 ARABIC TATWEEL
    case 0x00AD:  // U+00AD SOFT HYPHEN
    case 0x200B:  // U+200B ZERO WIDTH SPACE (kept out of words; see below)
    case 0x200D:  // U+200D ZERO WIDTH JOINER
    case 0x200E:  // U+200E LEFT-TO-RIGHT MARK
    case 0x200F:  // U+200F RIGHT-TO-LEFT MARK
    case 0x061C:  // U+061C ARABIC LETTER MARK
    case 0xFEFF:  // U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM)
      return true;
    default:
      break;
  }
  // U+202A..U+202E LEFT-TO-RIGHT EMBEDDING..RIGHT-TO-LEFT OVERRIDE
  if (c >= 0x202A && c <= 0x202E) return true;
  // U+2066..U+2069 LEFT-TO-RIGHT ISOLATE..POP DIRECTIONAL ISOLATE
  if (c >= 0x2066 && c <= 0x2069) return true;
  // U+06D6..U+06ED Quranic annotation marks (small high ligatures, signs),
  // except U+06DD END OF AYAH and U+06DE START OF RUB EL HIZB, which are symbols.
  if (c >= 0x06D6 && c <= 0x06ED && c != 0x06DD && c != 0x06DE) return true;
  return false;
}

}  // namespace

UChar32 fold_code_point(UChar32 c) {
  if (c < 0x80) {
    // ASCII fast path: only case folds.
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  }
  // U+200C ZERO WIDTH NON-JOINER is kept here on purpose: the tokenizer needs
  // it to keep می‌ورزند whole, and a token filter decides what it means.
  if (is_dropped(c)) return kFoldDrop;
  if (UChar32 letter = fold_letter(c)) return letter;
  // Every decimal digit (Persian U+06F0..U+06F9, Arabic-Indic U+0660..U+0669,
  // and the other scripts' Nd digits) becomes its ASCII digit.
  if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
    int32_t v = u_charDigitValue(c);
    if (v >= 0 && v <= 9) return '0' + v;
  }
  // Simple (one-to-one) Unicode case folding for every other script.
  return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

std::string shown_form(std::string_view written) {
  std::string out;
  out.reserve(written.size());
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(written.size());
  while (i < n) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(written.data(), i, n, c);
    const UChar32 folded = c < 0 ? c : fold_code_point(c);
    if (folded == kFoldDrop) continue;
    if (c == 0x064A || c == 0x0649 || c == 0x0643) {  // ي ى ك
      char buf[4];
      std::int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, folded);
      out.append(buf, static_cast<std::size_t>(len));
    } else {
      out.append(
          written.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
  }
  return out;
}

}  // namespace kavosh
