// From what a reader typed to a Xapian query: the query syntax
// (query_syntax.h) is read, each run of words goes through the analyzer, and
// the result is built from the schema's terms.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kavosh/analysis/analyzer.h"

namespace kavosh {

// A free-text query, analyzed: what to match, what to filter on, what to highlight.
struct ParsedQuery {
  // Each part is one thing the reader asked for (a word, a compound, a
  // phrase, a prefix, an OR group); ranking puts documents that match every
  // part first (RankingOptions::all_words_first).
  std::vector<Xapian::Query> parts;
  Xapian::Query title;                        // the words again, in the title (a bonus)
  Xapian::Query exclude;                      // -word: documents matching it are left out
  Xapian::Query filter;                       // source:... (boolean)
  std::unordered_set<std::string> highlight;  // Token::stem values to mark
  std::unordered_set<std::string> exact;      // Token::text values of the query's words
  // Phrases to mark, as stems word by word (HighlightTerms::phrases): quoted
  // phrases, and a compound's two parts, which match only side by side.
  std::vector<std::vector<std::string>> highlight_phrases;
  // Ranking evidence beyond the parts (RankingOptions::proximity_weight,
  // exact_weight): each two neighbouring words of the query near each other
  // in the article (within kProximityWindow positions, in either order; a
  // function word at either end of the query pairs with its neighbour too,
  // though it is no part), and each word as written (folded exact form, not
  // only its stem). Empty when the query has nothing to add.
  std::vector<Xapian::Query> proximity;
  std::vector<Xapian::Query> exact_forms;
  // The pairs of `proximity` where one word is a number (۱۶ بهمن, ۴۰ درصد):
  // a number beside its word names a date, an amount, a score, and sets one
  // report apart from the next day's (RankingOptions::number_pair_weight).
  std::vector<Xapian::Query> number_pairs;
  // `proximity` again in the title (RankingOptions::title_proximity_weight).
  std::vector<Xapian::Query> title_proximity;
  bool browse = false;  // nothing to rank by: list the newest (possibly filtered) articles
  bool empty = false;   // text with no searchable word and no filter: nothing matches
  // Why the query asks for more work than one search may take (more than
  // kMaxQueryWords words or kMaxWildcards prefixes); empty when it does not.
  // The search service answers such a query with a 400 (code "too_complex").
  std::string too_complex;

  // OR of the parts (empty when browsing).
  Xapian::Query any() const;
};

// The work one query may ask for: words (each a term or two, a compound
// three) and prefixes (word*, each expanded to at most kWildcardExpansion of
// the index's most frequent words that start so; a one-letter prefix to
// kShortWildcardExpansion, since nearly every word starts with some letter).
inline constexpr std::size_t kMaxQueryWords = 64;
// Positions within which two neighbouring query words count as near: side
// by side, or with one word (a function word the query left out, say)
// between them.
inline constexpr Xapian::termcount kProximityWindow = 3;
inline constexpr std::size_t kMaxWildcards = 4;
inline constexpr unsigned kWildcardExpansion = 50;
inline constexpr unsigned kShortWildcardExpansion = 10;

// What parse_query adds beyond the reader's own words.
struct QueryOptions {
  // A rare compound written joined (همسرداری) also matches its head (همسر),
  // scored as that word times this weight (compound_heads.h); 0: off.
  // make eval --features (Hamshahri dev MAP / known-item MRR): off 0.8371 /
  // 0.984; 0.5: 0.8392 / 0.985; 1.0: 0.8459 / 0.988; 1.5: 0.8515 / 0.985.
  // 1.0: the head counts as the word it is. 1.5 gains topics and costs
  // known items, and weighs a word the reader did not type above its own.
  double compound_head_weight = 1.0;
  // The database has remote parts (shards.h): the counts compound heads need
  // are asked in one exchange with each (term_stats.h). Set by the search
  // service.
  bool remote = false;
};

// Analyzes `text` with `analyzer` (the database's) and builds the query.
// With `db`, compounds in the database's lexicon (document.h) are recognised
// in any spelling: نخست‌وزیر, نخستوزیر and نخست وزیر give the same query.
// Malformed syntax is never an error: it is read leniently (query_syntax.h).
// With `db` and options.compound_head_weight, rare compounds also match
// their heads.
// Throws Xapian::Error when `db` cannot be read (the caller's Readers::read
// turns it into an Error).
ParsedQuery parse_query(Analyzer& analyzer, std::string_view text,
                        const Xapian::Database* db = nullptr, const QueryOptions& options = {});

}  // namespace kavosh
