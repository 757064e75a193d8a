// Text in other encodings for the tests of kavosh-index's input encodings,
// made with ICU's converters.
#pragma once

#include <unicode/ucnv.h>

#include <catch2/catch.hpp>
#include <string>

namespace kavosh::testing {

// `utf8` in ICU's encoding `to` ("UTF-16LE", "UTF-16BE", "windows-1256"),
// after a byte order mark when `bom` (UTF-16 only). Every character must
// exist in `to`.
inline std::string encode(const std::string& utf8, const char* to, bool bom = false) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(to, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  REQUIRE(U_SUCCESS(err));
  out.resize(static_cast<std::size_t>(n));
  // ICU writes 0x1A (SUB) for a character Windows-1256 lacks, such as U+06CC.
  if (std::string(to) == "windows-1256") REQUIRE(out.find('\x1A') == std::string::npos);
  if (!bom) return out;
  return (std::string(to) == "UTF-16LE" ? "\xFF\xFE" : "\xFE\xFF") + out;
}

}  // namespace kavosh::testing
