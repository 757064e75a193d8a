// Stage 3: token filters. Each is a small function over the token list; none
// changes a token's offsets or position (see token.h).
#pragma once

#include <cstddef>
#include <vector>

#include "kavosh/analysis/token.h"

namespace kavosh {

// Removes U+200C ZERO WIDTH NON-JOINER from inside words, so که‌ها-style
// spellings with and without ZWNJ meet: کتاب‌ها -> کتابها. Tokens left empty
// (a lone ZWNJ) are removed.
void remove_zwnj(std::vector<Token>& tokens);

// In number tokens, drops the thousands separators left by folding (",") so
// 123,456 and ۱۲۳٬۴۵۶ and 123456 meet. The decimal point stays.
void strip_digit_grouping(std::vector<Token>& tokens);

// Removes tokens longer than `max_bytes` (base64 runs, URLs glued to words):
// they are never searched for, and Xapian limits term length.
void drop_long_tokens(std::vector<Token>& tokens, std::size_t max_bytes);

}  // namespace kavosh
