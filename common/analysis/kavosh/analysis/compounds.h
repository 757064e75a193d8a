// Compound words: two words written as one with a ZWNJ (نخست‌وزیر), which
// other texts write joined (نخستوزیر) or apart (نخست وزیر).
//
// The analyzer keeps such a word as one token (نخستوزیر). The indexer records
// every compound it sees written with a ZWNJ in the database (a lexicon built
// from the index, see schema.h); the query side uses that lexicon so that all
// three spellings of a query become the same query (search.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kavosh/analysis/token.h"

namespace kavosh {

struct CompoundSplit {
  std::string head;  // first word, as Token::text (نخست)
  std::string tail;  // second word with any suffix (وزیران)
};

// The two words of `token` when its original spelling put a ZWNJ between two
// words of at least two letters each, once affixes written with a ZWNJ
// (می‌, ‌ها, ‌ترین, ‌ی, ...) are put back on their word. nullopt for a plain
// word, an affixed word (کتاب‌ها) and for three or more words.
std::optional<CompoundSplit> compound_split(const Token& token);

// The written form of a word whose every ZWNJ set an affix apart from it
// (کتاب‌های, می‌خواهم, بزرگ‌ترین): `token.text` with each ZWNJ put back
// (Token::zwnj_at). nullopt for a word without a ZWNJ, a compound, and a
// ZWNJ that stands inside a word (ا‌ستراحت: a typing slip).
std::optional<std::string> affixed_spelling(const Token& token);

// How `token` (a word of `source`, the text it was analysed from) is written
// when that is with letters the analyzer folds (ائتلاف, آزادی for ایتلاف,
// ازادی): fold.h's shown_form of its text in `source`. nullopt for a number,
// a word written as its Token::text (Arabic yeh and kaf, marks and controls
// aside), and a word written with a ZWNJ or a space inside (affixed_spelling
// and the compound lexicon show those).
std::optional<std::string> letter_spelling(const Token& token, std::string_view source);

}  // namespace kavosh
