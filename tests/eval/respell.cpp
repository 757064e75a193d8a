#include "eval/respell.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <vector>

namespace kavosh::eval {

namespace {

constexpr std::string_view kArabicYeh = "\u064A";
constexpr std::string_view kFarsiYeh = "\u06CC";
constexpr std::string_view kArabicKaf = "\u0643";
constexpr std::string_view kKeheh = "\u06A9";
constexpr std::string_view kZwnj = "\u200C";

// Written with U+06CC, as they are compared after the letter replacement.
constexpr std::array<std::string_view, 5> kSuffixes = {"ها", "های", "هایی", "تر", "ترین"};
constexpr std::array<std::string_view, 2> kPrefixes = {"می", "نمی"};

bool is_separator(char c) { return c == ' ' || c == '\t'; }

template <std::size_t N>
bool is_one_of(std::string_view token, const std::array<std::string_view, N>& set) {
  for (std::string_view s : set) {
    if (token == s) return true;
  }
  return false;
}

// Whether `token` holds at least one alphabetic code point.
bool is_word(std::string_view token) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(token.data());
  const auto length = static_cast<std::int32_t>(token.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && u_hasBinaryProperty(c, UCHAR_ALPHABETIC)) return true;
  }
  return false;
}

std::string replace_letters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view rest = text.substr(i);
    if (rest.substr(0, kArabicYeh.size()) == kArabicYeh) {
      out.append(kFarsiYeh);
      i += kArabicYeh.size();
    } else if (rest.substr(0, kArabicKaf.size()) == kArabicKaf) {
      out.append(kKeheh);
      i += kArabicKaf.size();
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

// Whether the separator between tokens `left` and `right` becomes a ZWNJ.
bool joins(std::string_view left, std::string_view right) {
  if (is_one_of(right, kSuffixes) && is_word(left)) return true;
  return is_one_of(left, kPrefixes) && is_word(right);
}

}  // namespace

std::string respell(std::string_view query) {
  const std::string text = replace_letters(query);

  // Alternating pieces: tokens at even indexes, separators at odd ones, with
  // possibly empty tokens at either end.
  std::vector<std::string_view> pieces;
  const std::string_view all(text);
  std::size_t start = 0;
  while (start <= all.size()) {
    std::size_t end = start;
    while (end < all.size() && !is_separator(all[end])) ++end;
    pieces.push_back(all.substr(start, end - start));
    if (end == all.size()) break;
    std::size_t next = end;
    while (next < all.size() && is_separator(all[next])) ++next;
    pieces.push_back(all.substr(end, next - end));
    start = next;
  }

  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool separator = i % 2 == 1;
    if (separator && i + 1 < pieces.size() && joins(pieces[i - 1], pieces[i + 1])) {
      out.append(kZwnj);
    } else {
      out.append(pieces[i]);
    }
  }
  return out;
}

}  // namespace kavosh::eval
