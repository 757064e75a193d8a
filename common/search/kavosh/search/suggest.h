// Suggestions from the index's own vocabulary: "did you mean" corrections
// (Xapian's spelling dictionary, fed by IndexWriter with normalized words,
// see schema.h) and completions of the word being typed (the index's words).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/analysis/analyzer.h"

namespace kavosh {

// `text` with each misspelled word replaced by the dictionary's correction:
// the word with the fewest edits (at most 1 for words of up to 4 letters, 2
// for longer ones) that more articles contain than the word as typed
// (Database::get_spelling_suggestion). Words in 100 articles or more are
// taken as spelled right. Words are compared in their
// normalized form, so a word typed with Arabic letters or without its ZWNJ
// is not a misspelling. Query syntax is kept: operators (OR, field:, -,
// quotes) stay as typed, and a prefix (word*) is not corrected. Empty when
// nothing is corrected.
std::string spelling_correction(const Xapian::Database& db, Analyzer& analyzer,
                                std::string_view text);

// Completions of the last word of `text`: the index's words that start with
// it (normalized), most frequent (in the most articles) first, each as
// `text` with that word completed. Empty when `text` does not end in a word
// of at least kMinCompletionChars characters (after a space the word is
// finished). At most kMaxCompletionScan words with the prefix are looked at,
// in alphabetical order, so that every keystroke costs the same.
inline constexpr std::size_t kMaxCompletions = 8;
inline constexpr std::size_t kMinCompletionChars = 2;
inline constexpr std::size_t kMaxCompletionScan = 2000;
std::vector<std::string> complete_last_word(const Xapian::Database& db, Analyzer& analyzer,
                                            std::string_view text,
                                            std::size_t max = kMaxCompletions);

// How a normalized word (Token::text) is shown: a compound of the database's
// lexicon with its ZWNJ put back (نخستوزیر -> نخست‌وزیر) when both its words
// are at least as common on their own; another word as articles wrote it
// with a ZWNJ (کتابهای -> کتاب‌های), when one did; else as it is.
std::string display_word(const Xapian::Database& db, const std::string& word);

}  // namespace kavosh
