// Compound heads: a rare word that is two words written together, with
// neither a space nor a ZWNJ (همسرداری: همسر + داری, ویروسکرونا), also
// matches its first word.
//
// Persian writes many compounds joined. The compound lexicon (compounds.h)
// makes the three spellings of a compound meet, but an article about the
// same thing often says only the compound's head: the articles on «آیین
// همسرداری در اسلام» say همسر and ازدواج; 5 of the 5375 Hamshahri articles
// say همسرداری. The head is the word that carries the meaning (a noun before
// a present stem: -داری, -سازی, -گیری; a place before its kind: -شهر).
//
// Whether a word is such a compound is read from the index itself: both
// halves are words the articles use on their own, and the head is far more
// common than the compound. A compound as common as its head is a word of
// its own (کتابخانه is not about کتاب; خشکسالی is not about خشک) and is left
// alone.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kavosh {

// Shortest and longest word considered (letters), and shortest half. The
// longest bounds the look-ups a query can cause (two per split); two
// Persian words together rarely pass 16 letters.
inline constexpr std::size_t kCompoundMinLetters = 6;
inline constexpr std::size_t kCompoundMaxLetters = 20;
inline constexpr std::size_t kCompoundPartMinLetters = 3;
// Each half must stand alone as a word in at least this many articles.
inline constexpr Xapian::doccount kCompoundPartMinArticles = 20;
// The head must be in at least this many times as many articles as the
// compound's stem.
inline constexpr double kCompoundHeadRatio = 8.0;

// The splits of `word` worth counting: each (head, tail) pair of halves of
// at least kCompoundPartMinLetters letters, for a Persian word (a
// Token::text: folded, ZWNJ removed, its first byte not ASCII, no ASCII
// digit) of kCompoundMinLetters to kCompoundMaxLetters letters; none
// otherwise.
std::vector<std::pair<std::string, std::string>> compound_splits(const std::string& word);

// The articles holding a word on its own (its exact-form term,
// schema::kPrefixWord).
using WordArticles = std::function<Xapian::doccount(const std::string& word)>;

// The head of `word` when, of compound_splits(word), a split's halves stand
// alone in at least kCompoundPartMinArticles articles each (`articles`),
// neither is a function word, and the head is in at least
// kCompoundHeadRatio times `word_articles` (the articles of the word's
// stem). Of several such splits, the one whose rarer half is the most
// common. nullopt otherwise.
std::optional<std::string> compound_head(const std::string& word, Xapian::doccount word_articles,
                                         const WordArticles& articles);

}  // namespace kavosh
