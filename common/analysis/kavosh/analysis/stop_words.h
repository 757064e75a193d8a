// Persian (and a few English) function words, left out of free-text queries so
// that they do not drag in every article. They stay indexed, so phrases that
// contain them still match.
#pragma once

#include <string>

namespace kavosh {

// True when `text` (a Token::text: normalized, ZWNJ removed, affixes
// rejoined) is a stop word. The list is normalized with the analyzer's own
// folding on first use, so اين, این and این all match.
bool is_stop_word(const std::string& text);

// Number of distinct normalized stop words.
std::size_t stop_word_count();

}  // namespace kavosh
