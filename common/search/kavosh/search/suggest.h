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

// `text` with each misspelled word replaced by its correction, as articles
// write it; empty when nothing is corrected. Each word of the query is
// looked at on its own, so one typo among words that find articles is still
// corrected. A word in 100 articles or more is taken as spelled right. The
// others are compared with their neighbours one slip away (typo_model.h:
// letters that sound alike, dots, keyboard neighbours, swapped, missing or
// doubled letters), weighing each slip's cost against the articles that
// contain the neighbour, and the best few by the query words beside the
// word (a neighbour articles have next to them fits). A word in no article
// may also be two words with the space left out (لیگقهرمانان -> لیگ قهرمانان)
// when articles have them side by side, or two edits from a word (Xapian's
// spelling dictionary). A word some articles contain is only replaced by one
// at least 100 times as common (a rare name spelled right stays), and never
// when it has under 3 letters. Two words that are one with a space typed
// inside it (ورز شگاه) are joined, unless articles write them apart as a
// compound or with a ZWNJ. Words are compared in their normalized form, so a
// word typed with Arabic letters, other digits or without its ZWNJ is not a
// misspelling. The correction is shown as most of the first articles that
// contain it write it (ائتلاف, not the folded ایتلاف), else as display_word
// shows it. Query syntax is kept: operators (OR, field:, -, quotes) stay as
// typed, and a prefix (word*) is not corrected. At most the first 8 rare
// words of a query are looked at, so a pasted paragraph costs no more than a
// short query. `remote`: `db` has remote parts (term_stats.h).
std::string spelling_correction(const Xapian::Database& db, Analyzer& analyzer,
                                std::string_view text, bool remote = false);

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
// with a ZWNJ (کتابهای -> کتاب‌های), when one did, or with letters the
// analyzer folds (ایتلاف -> ائتلاف), when most did; else as it is.
std::string display_word(const Xapian::Database& db, const std::string& word);

}  // namespace kavosh
