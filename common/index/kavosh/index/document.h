// Turning an Article into a Xapian document, following schema.h.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/compounds.h"
#include "kavosh/index/article.h"
#include "kavosh/util/hash.h"

namespace kavosh {

// The identity of an article: an id is unique only within its source, so the
// key is (source, id) when the record has an id, else its URL, else a hash of
// its title and body. Ids compare after the analyzer's folding, so ۱۲۳ and 123
// are one id.
std::string unique_key(const Article& article);

// Which of `shards` parts of an archive holds `article` (0-based), by its
// unique key: kavosh-index --shard K/N indexes the articles of part K-1. The
// same article always lands in the same part, whatever the input order.
unsigned archive_shard(const Article& article, unsigned shards);

// The unique "Q" term for `unique_key(article)`, hashed when too long for Xapian.
std::string unique_term(const Article& article);

// Compounds seen in documents: joined Token::text -> its split (compounds.h).
using CompoundLexicon = std::unordered_map<std::string, CompoundSplit>;
// Words seen written with a ZWNJ that sets an affix apart: joined
// Token::text -> written form (compounds.h: affixed_spelling).
using WrittenForms = std::unordered_map<std::string, std::string>;
// Words written with letters the analyzer folds (ائتلاف, آزادی, for the
// index's ایتلاف, ازادی): Token::text -> written form (fold.h: shown_form)
// -> the articles that wrote it so.
using LetterForms = std::unordered_map<std::string, std::unordered_map<std::string, std::uint32_t>>;

// The Xapian document for `article`: positional word terms, stem terms,
// title terms, boolean filter terms, value slots (the API id among them), and
// the article as data.
// When `compounds` is given, every compound written with a ZWNJ is added to
// it; when `written` is, every word written with an affix set apart by one;
// when `letters` is, every word (without a ZWNJ) written otherwise than its
// Token::text, once per article.
Xapian::Document build_document(const Article& article, Analyzer& analyzer,
                                CompoundLexicon* compounds = nullptr,
                                WrittenForms* written = nullptr, LetterForms* letters = nullptr);

// Writes the entries of `compounds` into the database's compound lexicon
// (metadata; written with the next commit).
void store_compounds(Xapian::WritableDatabase& db, const CompoundLexicon& compounds);

// The split of a joined word in the database's compound lexicon, if any.
std::optional<CompoundSplit> lookup_compound(const Xapian::Database& db, const std::string& joined);

// Writes the entries of `written` into the database's metadata
// (schema::kMetaWrittenPrefix; written with the next commit).
void store_written_forms(Xapian::WritableDatabase& db, const WrittenForms& written);

// How articles of the database wrote the joined word `word` with a ZWNJ, if
// any did and it is not a compound.
std::optional<std::string> lookup_written_form(const Xapian::Database& db, const std::string& word);

// Adds the counts of `letters` to the database's (schema::kMetaLetterFormPrefix;
// written with the next commit). Each word keeps one form: the one written in
// the most articles so far.
void store_letter_forms(Xapian::WritableDatabase& db, const LetterForms& letters);

// The value of a kMetaLetterFormPrefix key held by several shards merged
// into one (`values` as each shard stores it): the counts of one form added
// up, the form of the most articles kept.
std::string merge_letter_forms(const std::vector<std::string>& values);

// How most articles of the database write `word` (a Token::text) when that is
// with letters the analyzer folds: the stored form when the articles that
// wrote it so are more than half of those that contain the word.
std::optional<std::string> lookup_letter_form(const Xapian::Database& db, const std::string& word);

// The id an API client sees and asks for: the record's own id, or, for a
// record without one, kDerivedIdMark followed by the 16 hex digits of
// stable_hash(unique_key(article)). A derived id stays the same across
// re-indexing as long as the article's URL (or, without a URL, its text) does.
std::string api_id(const Article& article);
inline constexpr char kDerivedIdMark = '~';

// The boolean term for an API id (schema::kPrefixId), compared after folding;
// hashed when too long for Xapian, so every id has a term.
std::string id_term(const std::string& id);

// The boolean filter term for a source name (normalized with the analyzer's
// folding, so a filter typed with Arabic letters still matches).
std::string source_term(const std::string& source);

// The boolean filter term for a category, normalized like source_term().
std::string category_term(const std::string& category);

// The normalized form boolean filter terms are built from: folded like the
// analyzer folds (Arabic and Persian letters, digits, case), trimmed, runs of
// whitespace as one space. Two names with the same form are one filter value.
std::string normalize_filter_value(const std::string& raw);

// The words of a document built by build_document() that go into the
// spelling dictionary (schema.h): its unprefixed terms of at least
// schema::kMinSpellingChars characters without digits.
std::vector<std::string> spelling_words(const Xapian::Document& doc);

// True for a term of a database built by build_document() that goes into the
// spelling dictionary: the filter of spelling_words().
bool is_spelling_word(const std::string& term);

}  // namespace kavosh
