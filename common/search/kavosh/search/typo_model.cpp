#include "kavosh/search/typo_model.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace kavosh {

namespace {

// The letters of normalized Persian words.
constexpr std::u32string_view kLetters = U"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی";

// Letters that sound alike, and letters that differ only by their dots.
constexpr std::u32string_view kLikelyGroups[] = {
    U"زذضظ", U"سصث", U"تط", U"هح", U"اع", U"قغ",  // sound alike
    U"بپ",   U"جچ",  U"کگ", U"زژ", U"سش",         // dots dropped or added
};

// The three letter rows of the standard Persian keyboard, left to right.
constexpr std::u32string_view kKeyboardRows[] = {
    U"ضصثقفغعهخحجچ",
    U"شسیبلاتنمکگ",
    U"ظطزرذدپو",
};

bool in_group(std::u32string_view group, char32_t a, char32_t b) {
  return group.find(a) != std::u32string_view::npos && group.find(b) != std::u32string_view::npos;
}

bool keyboard_neighbours(char32_t a, char32_t b) {
  for (std::u32string_view row : kKeyboardRows) {
    const std::size_t i = row.find(a);
    if (i == std::u32string_view::npos) continue;
    if ((i > 0 && row[i - 1] == b) || (i + 1 < row.size() && row[i + 1] == b)) return true;
  }
  return false;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(s.size());
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char32_t c : s) {
    char buf[4];
    std::int32_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, 4, static_cast<UChar32>(c), error);
    if (!error) out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

bool persian_letters_only(std::u32string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char32_t c) {
    return kLetters.find(c) != std::u32string_view::npos;
  });
}

}  // namespace

double substitution_cost(char32_t typed, char32_t meant) {
  if (typed == meant) return 0;
  for (std::u32string_view group : kLikelyGroups) {
    if (in_group(group, typed, meant)) return kLikelySlip;
  }
  if (keyboard_neighbours(typed, meant)) return kKeyboardSlip;
  return kOtherLetter;
}

std::vector<TypoNeighbour> typo_neighbours(std::string_view word) {
  const std::u32string w = decode(word);
  std::vector<TypoNeighbour> out;
  if (!persian_letters_only(w)) return out;
  std::unordered_map<std::u32string, double> best;  // each neighbour at its cheapest
  auto add = [&](std::u32string n, double cost) {
    if (n.empty() || n == w) return;
    auto [it, inserted] = best.emplace(std::move(n), cost);
    if (!inserted && cost < it->second) it->second = cost;
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    // A letter typed twice, or one too many.
    std::u32string dropped = w;
    dropped.erase(i, 1);
    add(dropped, i > 0 && w[i - 1] == w[i] ? kLikelySlip : kMissingOrExtra);
    // Another letter for this one.
    for (char32_t c : kLetters) {
      if (c == w[i]) continue;
      std::u32string changed = w;
      changed[i] = c;
      add(std::move(changed), substitution_cost(w[i], c));
    }
    // Two neighbours swapped.
    if (i + 1 < w.size() && w[i] != w[i + 1]) {
      std::u32string swapped = w;
      std::swap(swapped[i], swapped[i + 1]);
      add(std::move(swapped), kKeyboardSlip);
    }
  }
  // A letter left out.
  for (std::size_t i = 0; i <= w.size(); ++i) {
    for (char32_t c : kLetters) {
      std::u32string added = w;
      added.insert(i, 1, c);
      const bool doubled = (i > 0 && w[i - 1] == c) || (i < w.size() && w[i] == c);
      add(std::move(added), doubled ? kLikelySlip : kMissingOrExtra);
    }
  }
  out.reserve(best.size());
  for (auto& [n, cost] : best) out.push_back({encode(n), cost});
  return out;
}

std::vector<std::pair<std::string, std::string>> word_splits(std::string_view word,
                                                             std::size_t min_letters) {
  const std::u32string w = decode(word);
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = min_letters; i + min_letters <= w.size(); ++i) {
    out.emplace_back(encode(std::u32string_view(w).substr(0, i)),
                     encode(std::u32string_view(w).substr(i)));
  }
  return out;
}

}  // namespace kavosh
