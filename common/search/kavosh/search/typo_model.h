// How Persian words get mistyped: the neighbours of a word one slip away,
// each with a cost (lower: a likelier slip). The corrector (suggest.h:
// spelling_correction) looks them up in the index and weighs their cost
// against how many articles contain them.
//
// The slips, cheapest first:
//   - a letter for one that sounds the same (ز ذ ض ظ, س ص ث, ت ط, ه ح, ا ع,
//     ق غ), or the same letter with its dots dropped or added (ب پ, ج چ,
//     ک گ, ز ژ, س ش), or a letter typed twice: kLikelySlip;
//   - a letter for its neighbour on the standard Persian keyboard (ISIRI
//     9147), or two neighbouring letters swapped: kKeyboardSlip;
//   - a letter left out or added: kMissingOrExtra;
//   - any other letter for a letter: kOtherLetter.
// Words are the analyzer's normalized forms (Persian yeh and kaf, no ZWNJ,
// alef and heh variants folded), so the letters below are those forms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kavosh {

inline constexpr double kLikelySlip = 0.4;
inline constexpr double kKeyboardSlip = 0.6;
inline constexpr double kMissingOrExtra = 0.8;
inline constexpr double kOtherLetter = 1.0;

struct TypoNeighbour {
  std::string word;
  double cost = 0;
  bool operator==(const TypoNeighbour& o) const { return word == o.word && cost == o.cost; }
};

// The words one slip away from `word` (valid UTF-8), each once at its
// cheapest cost, in no particular order; never `word` itself. Only words of
// Persian letters get neighbours (other words: none).
std::vector<TypoNeighbour> typo_neighbours(std::string_view word);

// The cost of replacing letter `typed` by `meant` (two code points), as
// typo_neighbours prices it; 0 when they are equal.
double substitution_cost(char32_t typed, char32_t meant);

// The ways to cut `word` into two words of at least `min_letters` letters
// each (a space left out: لیگقهرمانان -> لیگ قهرمانان), left part first.
std::vector<std::pair<std::string, std::string>> word_splits(std::string_view word,
                                                             std::size_t min_letters = 2);

}  // namespace kavosh
