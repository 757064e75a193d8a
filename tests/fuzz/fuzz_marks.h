// The checks of a marked text (highlight.h) shared by the snippet targets.
#pragma once

#include <cstdint>
#include <vector>

#include "fuzz_util.h"
#include "kavosh/search/highlight.h"
#include "kavosh/util/utf8.h"

namespace kavosh::fuzz {

// A marked text as highlight.h promises it: spans in order, not overlapping,
// not empty, inside the text, never splitting a surrogate pair; valid UTF-8
// when the text it came from was.
inline void check_highlighted(const Highlighted& h, bool source_valid) {
  if (source_valid) FUZZ_CHECK(is_valid_utf8(h.text), h.text);
  // inside_pair[u]: UTF-16 unit u is the second half of a surrogate pair.
  std::vector<bool> inside_pair;
  for (const char c : h.text) {
    const std::uint32_t units = utf16_units_of_lead(static_cast<unsigned char>(c));
    if (units >= 1) inside_pair.push_back(false);
    if (units == 2) inside_pair.push_back(true);
  }
  inside_pair.push_back(false);  // the end
  std::uint32_t last_end = 0;
  for (const Span& s : h.spans) {
    FUZZ_CHECK(s.start < s.end, h.text);
    FUZZ_CHECK(s.end < inside_pair.size(), h.text);
    FUZZ_CHECK(s.start >= last_end, h.text);
    FUZZ_CHECK(!inside_pair[s.start] && !inside_pair[s.end], h.text);
    last_end = s.end;
  }
}

}  // namespace kavosh::fuzz
