// Stage 3: token filters. Each is a small function over the token list; none
// changes a token's offsets or position (see token.h).
#pragma once

#include <cstddef>
#include <vector>

#include "kavosh/analysis/token.h"

namespace kavosh {

// Removes U+200C ZERO WIDTH NON-JOINER from inside words, so spellings with
// and without ZWNJ meet: کتاب‌ها -> کتابها. Where it stood between two parts
// is kept in Token::zwnj_at. Tokens left empty (a lone ZWNJ) are removed.
void remove_zwnj(std::vector<Token>& tokens);

// Rejoins affixes that a spelling detached with a space, so the three
// spellings of a word meet: می ورزند -> میورزند (as می‌ورزند and
// میورزند become after remove_zwnj), کتاب ها -> کتابها, بزرگ ترین -> بزرگترین. Joined: the verb
// prefixes می and نمی with the next word; the plural and comparative suffixes (ها های هایی ... تر
// ترین) and the verbal clitics (ام ای ایم اید اند) with the previous word. Only across whitespace
// (never across punctuation), only between words (not numbers), and only affixes that are not also
// common words of their own (so not شان, مان, تان, است). The merged token spans both originals;
// positions after it are renumbered so phrases match whichever spelling the text used. REQUIRES:
// remove_zwnj() ran, so affix text has no ZWNJ.
void join_detached_affixes(std::vector<Token>& tokens);

// In number tokens, drops the thousands separators left by folding (",") so
// 123,456 and ۱۲۳٬۴۵۶ and 123456 meet. The decimal point stays.
void strip_digit_grouping(std::vector<Token>& tokens);

// Removes tokens longer than `max_bytes` (base64 runs, URLs glued to words):
// they are never searched for, and Xapian limits term length.
void drop_long_tokens(std::vector<Token>& tokens, std::size_t max_bytes);

}  // namespace kavosh
