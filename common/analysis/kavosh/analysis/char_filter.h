// Stage 1: normalization as a char filter (Unicode NFKC, then fold.h per code
// point) that keeps a map back to the original text, so every later stage can
// report offsets in the original.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace kavosh {

struct NormalizedText {
  std::string text;  // normalized UTF-8
  // For each byte i of `text`: the original bytes [origin_start[i], origin_end[i])
  // it was produced from. A run of output bytes made from one original
  // character (or one NFKC segment, e.g. a letter with its diacritics) shares
  // the same range.
  std::vector<std::uint32_t> origin_start;
  std::vector<std::uint32_t> origin_end;

  // The original byte range that produced normalized bytes [begin, end).
  // REQUIRES: begin < end <= text.size()
  std::pair<std::uint32_t, std::uint32_t> original_range(std::size_t begin, std::size_t end) const {
    return {origin_start[begin], origin_end[end - 1]};
  }
};

// Normalizes `original` (UTF-8). Ill-formed UTF-8 bytes become spaces, so they
// split words instead of corrupting them. With `fold` false only NFKC and
// Unicode case folding apply (the baseline that kavosh-eval compares against).
// REQUIRES: original.size() < 4 GiB.
NormalizedText normalize_text(std::string_view original, bool fold = true);

// Convenience for callers that need only the normalized string (filters,
// tests, stop-word lists): the same code path as normalize_text().
std::string normalize_string(std::string_view original);

// Each of the words [begin, end) as the analyzer's tokens hold it
// (Token::text): normalize_string(), then without ZWNJ. Lists written by hand
// (stop words, stemmer exceptions) so compare with words in any spelling.
std::unordered_set<std::string> normalized_word_set(const char* const* begin,
                                                    const char* const* end);

}  // namespace kavosh
