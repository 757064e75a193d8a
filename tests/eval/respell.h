// Respelling a Hamshahri topic the way readers type Persian today, to measure
// what the analyzer must recover from the collection's older spelling.
#pragma once

#include <string>
#include <string_view>

namespace kavosh::eval {

// Returns `query` (UTF-8) with exactly these changes:
//   - U+064A ARABIC LETTER YEH becomes U+06CC ARABIC LETTER FARSI YEH, and
//     U+0643 ARABIC LETTER KAF becomes U+06A9 ARABIC LETTER KEHEH;
//   - a token "ها", "های", "هایی", "تر" or "ترین" that follows a word is
//     joined to it with U+200C ZERO WIDTH NON-JOINER ("نهنگ ها" -> "نهنگ‌ها");
//   - a token "می" or "نمی" that precedes a word is joined to it with ZWNJ
//     ("می شود" -> "می‌شود").
// Tokens are separated by runs of spaces and tabs, and a join replaces the
// whole run; a word is a token with at least one alphabetic code point. The
// token rules apply after the letter replacement, so "هاي" and "مي" match.
// Everything else, including other whitespace, is left as it is.
std::string respell(std::string_view query);

}  // namespace kavosh::eval
