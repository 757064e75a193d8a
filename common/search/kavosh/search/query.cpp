#include "kavosh/search/query.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/compound_heads.h"
#include "kavosh/search/query_syntax.h"
#include "kavosh/search/term_stats.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

std::string prefixed(std::string_view prefix, const std::string& term) {
  std::string out(prefix);
  out += term;
  return out;
}

// Where a part of the query looks: anywhere, or in the title only.
struct Scope {
  std::string_view word;  // positional exact-form terms
  std::string_view stem;  // stem terms
  bool title_only;
};
constexpr Scope kAnywhere{schema::kPrefixWord, schema::kPrefixStem, false};
constexpr Scope kTitleOnly{schema::kPrefixTitle, schema::kPrefixTitleStem, true};

// One unit of meaning in a query: a word, or a compound (a word that other
// texts write as two).
struct QueryUnit {
  std::string text;  // Token::text, joined for a compound
  std::string stem;
  std::optional<CompoundSplit> split;
  bool number = false;  // TokenKind::kNumber
  // The stem of the word's head when it is a rare compound written joined
  // (compound_heads.h); empty otherwise.
  std::string head_stem;
};

// Sets the head_stem of each unit that is a rare compound (compound_heads.h),
// from the database's counts of the units' stems and of their halves, asked
// at once (one exchange with each remote shard: term_stats.h).
void find_compound_heads(std::vector<QueryUnit>& units, const Analyzer& analyzer,
                         const Xapian::Database& db, bool remote) {
  std::vector<std::string> terms;
  for (const QueryUnit& u : units) {
    if (u.number) continue;
    const std::vector<std::pair<std::string, std::string>> splits = compound_splits(u.text);
    if (splits.empty()) continue;
    terms.push_back(prefixed(schema::kPrefixStem, u.stem));
    for (const auto& [head, tail] : splits) {
      terms.push_back(prefixed(schema::kPrefixWord, head));
      terms.push_back(prefixed(schema::kPrefixWord, tail));
    }
  }
  if (terms.empty()) return;
  const std::unordered_map<std::string, Xapian::doccount> counts =
      term_frequencies(db, terms, remote);
  const WordArticles articles = [&counts](const std::string& word) {
    const auto it = counts.find(prefixed(schema::kPrefixWord, word));
    return it == counts.end() ? Xapian::doccount{0} : it->second;
  };
  for (QueryUnit& u : units) {
    if (u.number) continue;
    const auto stem = counts.find(prefixed(schema::kPrefixStem, u.stem));
    if (stem == counts.end()) continue;
    if (std::optional<std::string> head = compound_head(u.text, stem->second, articles)) {
      u.head_stem = analyzer.stem(*head);
      if (u.head_stem == u.stem) u.head_stem.clear();
    }
  }
}

// Groups tokens into units. A compound is recognised from the database's
// lexicon, whether the query wrote it joined (one token) or apart (two
// tokens), else from the query's own ZWNJ; the lexicon's split wins so that
// every spelling builds the same unit.
// With `heads`, a rare compound written joined also gets its head
// (QueryUnit::head_stem); the lexicon's compounds too, from their joined
// text, so that every spelling finds the same head. `remote`: `db` has
// remote parts.
std::vector<QueryUnit> query_units(const std::vector<Token>& tokens, const Analyzer& analyzer,
                                   const Xapian::Database* db, bool heads, bool remote) {
  std::vector<QueryUnit> units;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    QueryUnit unit{t.text, t.stem, std::nullopt, t.kind == TokenKind::kNumber, {}};
    if (db != nullptr && t.kind == TokenKind::kWord && i + 1 < tokens.size() &&
        tokens[i + 1].kind == TokenKind::kWord && tokens[i + 1].space_before) {
      const std::string joined = t.text + tokens[i + 1].text;
      if (std::optional<CompoundSplit> split = lookup_compound(*db, joined)) {
        unit.text = joined;
        unit.stem = analyzer.stem(joined);
        unit.split = std::move(split);
        units.push_back(std::move(unit));
        ++i;
        continue;
      }
    }
    if (db != nullptr && t.kind == TokenKind::kWord) unit.split = lookup_compound(*db, t.text);
    if (!unit.split) unit.split = compound_split(t);
    units.push_back(std::move(unit));
  }
  if (db != nullptr && heads) find_compound_heads(units, analyzer, *db, remote);
  return units;
}

Xapian::Query phrase_of(const std::vector<std::string>& words, std::string_view prefix) {
  std::vector<Xapian::Query> terms;
  for (const std::string& w : words) terms.emplace_back(prefixed(prefix, w));
  if (terms.size() == 1) return terms[0];
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

// A unit anywhere (or in the title): its stem; a compound also matches its
// two words as a phrase, as one synonym. A rare compound's head is an
// alternative with its own weight (times `head_weight`): an article with the
// compound itself scores for the rarer word.
Xapian::Query unit_query(const QueryUnit& unit, const Scope& scope, double head_weight) {
  Xapian::Query stem(prefixed(scope.stem, unit.stem));
  if (unit.split) {
    stem = Xapian::Query(Xapian::Query::OP_SYNONYM, stem,
                         phrase_of({unit.split->head, unit.split->tail}, scope.word));
  }
  if (unit.head_stem.empty() || head_weight <= 0) return stem;
  Xapian::Query head(prefixed(scope.stem, unit.head_stem));
  if (head_weight != 1.0) head = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, head, head_weight);
  return Xapian::Query(Xapian::Query::OP_OR, stem, head);
}

// Adjacent words in order. A compound inside the phrase may be written either
// way, so the phrase is an OR over both spellings of each (at most 3
// compounds: 8 variants).
Xapian::Query phrase_query(const std::vector<QueryUnit>& units, const Scope& scope) {
  std::vector<std::vector<std::string>> variants(1);
  std::size_t compounds = 0;
  for (const QueryUnit& u : units) {
    if (u.split && compounds < 3) {
      ++compounds;
      std::vector<std::vector<std::string>> more;
      for (const auto& v : variants) {
        std::vector<std::string> joined = v, apart = v;
        joined.push_back(u.text);
        apart.push_back(u.split->head);
        apart.push_back(u.split->tail);
        more.push_back(std::move(joined));
        more.push_back(std::move(apart));
      }
      variants = std::move(more);
    } else {
      for (auto& v : variants) v.push_back(u.text);
    }
  }
  std::vector<Xapian::Query> alternatives;
  for (const auto& v : variants) alternatives.push_back(phrase_of(v, scope.word));
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

// The exact-form terms of `unit` where it meets a neighbour: its word, or for
// a compound written apart, the part on that side (its head faces the word
// before it, its tail the word after).
Xapian::Query facing(const QueryUnit& unit, bool faces_before, const Scope& scope) {
  const Xapian::Query word(prefixed(scope.word, unit.text));
  if (!unit.split) return word;
  const std::string& part = faces_before ? unit.split->head : unit.split->tail;
  return Xapian::Query(Xapian::Query::OP_OR, word, Xapian::Query(prefixed(scope.word, part)));
}

// Collects the pieces of a ParsedQuery while walking the syntax tree.
class Builder {
 public:
  Builder(Analyzer& analyzer, const Xapian::Database* db, const QueryOptions& options)
      : analyzer_(analyzer), db_(db), options_(options) {}

  // The parts `node` contributes (to be combined by the caller); exclusions,
  // filters and highlights go straight into the result.
  std::vector<Xapian::Query> build(const QueryNode& node, const Scope& scope) {
    switch (node.kind) {
      case QueryNode::Kind::kWords:
        return words(node.text, scope);
      case QueryNode::Kind::kPhrase: {
        // A phrase's words match only as written together: no heads.
        std::vector<QueryUnit> units = analyze(node.text, /*heads=*/false);
        if (units.empty()) return {};
        note(units, scope);
        if (collecting_ && units.size() > 1) {
          std::vector<std::string> stems;
          for (const QueryUnit& u : units) stems.push_back(u.stem);
          phrases_.push_back(std::move(stems));
        }
        return {phrase_query(units, scope)};
      }
      case QueryNode::Kind::kPrefix: {
        const std::vector<Token> tokens = analyzer_.analyze(node.text);
        if (tokens.empty()) return {};
        // The word's beginning as written, folded: matched against exact forms.
        const std::string& start = tokens.front().text;
        exact_.insert(start);
        ++wildcards_;
        const unsigned expansion =
            count_code_points(start) > 1 ? kWildcardExpansion : kShortWildcardExpansion;
        return {Xapian::Query(Xapian::Query::OP_WILDCARD, prefixed(scope.word, start), expansion,
                              Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)};
      }
      case QueryNode::Kind::kAnd: {
        std::vector<Xapian::Query> parts;
        for (const QueryNode& c : node.children) {
          std::vector<Xapian::Query> p = build(c, scope);
          parts.insert(parts.end(), p.begin(), p.end());
        }
        return parts;
      }
      case QueryNode::Kind::kOr: {
        std::vector<Xapian::Query> alternatives;
        for (const QueryNode& c : node.children) {
          std::vector<Xapian::Query> p = build(c, scope);
          if (!p.empty()) alternatives.emplace_back(Xapian::Query::OP_OR, p.begin(), p.end());
        }
        if (alternatives.empty()) return {};
        return {Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end())};
      }
      case QueryNode::Kind::kNot: {
        const bool saved = collecting_;
        collecting_ = false;  // excluded words are not highlighted
        std::vector<Xapian::Query> p = build(node.children.front(), scope);
        collecting_ = saved;
        excluded_.insert(excluded_.end(), p.begin(), p.end());
        return {};
      }
      case QueryNode::Kind::kField: {
        if (node.text == "source") {
          source_filter(node.children.front());
          return {};
        }
        return build(node.children.front(), kTitleOnly);
      }
    }
    return {};
  }

  ParsedQuery finish(std::vector<Xapian::Query> parts) {
    ParsedQuery q;
    q.parts = std::move(parts);
    q.title = Xapian::Query(Xapian::Query::OP_OR, titles_.begin(), titles_.end());
    q.exclude = Xapian::Query(Xapian::Query::OP_OR, excluded_.begin(), excluded_.end());
    q.filter = Xapian::Query(Xapian::Query::OP_AND, filters_.begin(), filters_.end());
    q.highlight = std::move(highlight_);
    q.exact = std::move(exact_);
    q.highlight_phrases = std::move(phrases_);
    q.proximity = std::move(proximity_);
    q.number_pairs = std::move(number_pairs_);
    q.title_proximity = std::move(title_proximity_);
    q.exact_forms = std::move(exact_forms_);
    q.browse = q.parts.empty() && (!filters_.empty() || !excluded_.empty() || blank_);
    q.empty = q.parts.empty() && !q.browse;
    if (words_ > kMaxQueryWords) {
      q.too_complex = "the query has " + std::to_string(words_) + " words; at most " +
                      std::to_string(kMaxQueryWords) + " are searched at once";
    } else if (wildcards_ > kMaxWildcards) {
      q.too_complex = "the query has " + std::to_string(wildcards_) +
                      " prefixes (word*); at most " + std::to_string(kMaxWildcards) +
                      " are searched at once";
    }
    return q;
  }

  void set_blank(bool blank) { blank_ = blank; }

 private:
  std::vector<QueryUnit> analyze(const std::string& text, bool heads = true) {
    return query_units(analyzer_.analyze(text), analyzer_, db_,
                       heads && options_.compound_head_weight > 0, options_.remote);
  }

  void note(const std::vector<QueryUnit>& units, const Scope& scope) {
    words_ += units.size();
    for (const QueryUnit& u : units) {
      if (!scope.title_only) titles_.emplace_back(prefixed(schema::kPrefixTitleStem, u.stem));
      if (!collecting_) continue;
      highlight_.insert(u.stem);
      if (!u.head_stem.empty()) highlight_.insert(u.head_stem);
      exact_.insert(u.text);
      if (u.split) {
        // The parts match only side by side: a phrase to mark.
        phrases_.push_back({analyzer_.stem(u.split->head), analyzer_.stem(u.split->tail)});
        exact_.insert(u.split->head);
        exact_.insert(u.split->tail);
      }
    }
  }

  // Plain words: one part per unit; function words are left out, unless the
  // run has nothing else.
  std::vector<Xapian::Query> words(const std::string& text, const Scope& scope) {
    std::vector<QueryUnit> units = analyze(text);
    auto is_stop = [](const QueryUnit& u) { return !u.split && is_stop_word(u.text); };
    // Function words at either end of the run: no part of the query, but
    // still a clue to the phrase (تا اطلاع ثانوی تنها).
    std::optional<QueryUnit> leading, trailing;
    if (!std::all_of(units.begin(), units.end(), is_stop)) {
      if (is_stop(units.front())) leading = units.front();
      if (is_stop(units.back())) trailing = units.back();
      units.erase(std::remove_if(units.begin(), units.end(), is_stop), units.end());
    }
    note(units, scope);
    std::vector<Xapian::Query> parts;
    for (const QueryUnit& u : units) {
      parts.push_back(unit_query(u, scope, options_.compound_head_weight));
    }
    if (collecting_ && !scope.title_only) {
      if (leading) add_pair(*leading, units.front(), scope);
      for (std::size_t i = 0; i < units.size(); ++i) {
        exact_forms_.push_back(units[i].split ? phrase_query({units[i]}, scope)
                                              : Xapian::Query(prefixed(scope.word, units[i].text)));
        if (i > 0) add_pair(units[i - 1], units[i], scope);
      }
      if (trailing) add_pair(units.back(), *trailing, scope);
    }
    return parts;
  }

  // Two neighbouring units of the query, as proximity evidence.
  void add_pair(const QueryUnit& before, const QueryUnit& after, const Scope& scope) {
    const Xapian::Query pair[] = {facing(before, false, scope), facing(after, true, scope)};
    proximity_.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair), std::end(pair),
                            kProximityWindow);
    const Xapian::Query in_title[] = {facing(before, false, kTitleOnly),
                                      facing(after, true, kTitleOnly)};
    title_proximity_.emplace_back(Xapian::Query::OP_NEAR, std::begin(in_title), std::end(in_title),
                                  kProximityWindow);
    if (before.number || after.number) number_pairs_.push_back(proximity_.back());
  }

  void source_filter(const QueryNode& value) {
    const std::string name =
        value.kind == QueryNode::Kind::kWords || value.kind == QueryNode::Kind::kPhrase
            ? value.text
            : std::string();
    if (!name.empty()) filters_.emplace_back(source_term(name));
  }

  Analyzer& analyzer_;
  const Xapian::Database* db_;
  const QueryOptions options_;
  bool collecting_ = true;
  bool blank_ = false;
  std::size_t words_ = 0, wildcards_ = 0;
  std::vector<Xapian::Query> titles_, excluded_, filters_, proximity_, exact_forms_, number_pairs_,
      title_proximity_;
  std::unordered_set<std::string> highlight_, exact_;
  std::vector<std::vector<std::string>> phrases_;
};

}  // namespace

Xapian::Query ParsedQuery::any() const {
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

ParsedQuery parse_query(Analyzer& analyzer, std::string_view text, const Xapian::Database* db,
                        const QueryOptions& options) {
  Builder builder(analyzer, db, options);
  builder.set_blank(text.find_first_not_of(" \t\r\n") == std::string_view::npos);
  const QueryNode tree = parse_query_syntax(text);
  std::vector<Xapian::Query> parts = builder.build(tree, kAnywhere);
  return builder.finish(std::move(parts));
}

}  // namespace kavosh
