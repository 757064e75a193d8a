// UTF-8 helpers: the one copy of each, used by every layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kavosh {

// True for a byte that continues a UTF-8 sequence (10xxxxxx).
constexpr bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Code points in `s`: the bytes that do not continue a sequence. REQUIRES: `s`
// is valid UTF-8 (otherwise the count is that of lead and stray bytes).
std::size_t count_code_points(std::string_view s);

// Returned by find_invalid_utf8() for valid text.
inline constexpr std::size_t kValidUtf8 = static_cast<std::size_t>(-1);

// The byte offset of the first byte of `s` that does not start or continue a
// well-formed UTF-8 sequence (overlong forms, surrogates and code points
// beyond U+10FFFF are ill-formed), or kValidUtf8.
std::size_t find_invalid_utf8(std::string_view s);

inline bool is_valid_utf8(std::string_view s) { return find_invalid_utf8(s) == kValidUtf8; }

// UTF-16 code units of the code point whose UTF-8 lead byte is `lead`: 2 for
// a 4-byte sequence (outside the BMP), 1 for any other lead byte, 0 for a
// continuation byte. Summed over a string's bytes: its length in JavaScript.
constexpr std::uint32_t utf16_units_of_lead(unsigned char lead) {
  return is_utf8_continuation(lead) ? 0 : (lead >= 0xF0 ? 2 : 1);
}

}  // namespace kavosh
