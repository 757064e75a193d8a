// The ranking: how a parsed query is matched and ordered. run_query is the
// one ranking function behind the API and kavosh-eval (`make eval`), so what
// the evaluation measures is what readers get.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <vector>

#include "kavosh/search/feedback_cache.h"
#include "kavosh/search/query.h"
#include "kavosh/search/request.h"

namespace kavosh {

// How run_query ranks. The defaults are what the API serves, chosen on the
// Hamshahri dev topics and the known-item set together with kavosh-eval
// --features (see README: BM25, a light title bonus, proximity, and blind
// feedback, which the Persian IR literature reports at +7 to +11% MAP; here
// 0.81 -> 0.83).
struct RankingOptions {
  // BM25 term frequency saturation. make eval --features (MAP / known-item
  // MRR), with compound heads: 1.2: 0.8459 / 0.988; 1.6: 0.8510 / 0.988;
  // 2.0: 0.8520 / 0.974 (headlines and lead phrases fall); 1.4: 0.8474,
  // 1.5: 0.8473, 1.7: 0.8492, 1.8: 0.8490 / 0.983.
  double k1 = 1.6;
  double b = 0.75;            // BM25 document length normalization
  double title_weight = 0.1;  // weight of the title bonus relative to a match anywhere
  // Articles that match every part of the query come first (then the
  // others), each group ranked by BM25, for queries of 2 to
  // `all_words_max_parts` parts. Longer queries describe a topic, and
  // requiring every word costs recall. Measured on the Hamshahri dev topics
  // (MAP): off 0.8325; up to 2 parts 0.8340; up to 3 parts 0.8074; always 0.7927.
  bool all_words_first = true;
  std::size_t all_words_max_parts = 2;
  // Blind relevance feedback: the top `feedback_docs` of a first ranking are
  // taken as relevant, and their best `feedback_terms` stems are added to the
  // query, the best with `feedback_weight` and the others in proportion to
  // their expand weight. 0 documents switches it off.
  unsigned feedback_docs = 10;
  unsigned feedback_terms = 20;
  double feedback_weight = 0.3;
  // Only stems at least this many of the feedback articles share are
  // expansion candidates (1: every stem, as Xapian's get_eset). Measured
  // with make eval --features (MAP / known-item MRR / p50 of a known-item
  // search): 1: 0.8348 / 0.871 / 3.7 ms; 2: 0.8336 / 0.881; 3: 0.8345 /
  // 0.885 / 2.9 ms; 4: 0.8293 / 0.887.
  Xapian::doccount feedback_min_articles = 3;
  // No feedback when the best of the articles it would learn from scores at
  // least this many times the second (0: always feedback). A query that
  // names a topic finds many articles scoring alike (on the Hamshahri dev
  // topics the best is within 1.17 times the second for 90% of them); a
  // reader after one article finds it standing out (known items: median
  // 1.35), and feedback from its neighbours would push it down.
  // Measured with the known-item set (tests/eval/known_items/): 1.2 gives
  // MAP 0.8348 (always: 0.8335) and known-item MRR 0.871 (always: 0.816).
  double feedback_skip_gap = 1.2;
  // No feedback for a query with a number beside a word (ParsedQuery::
  // number_pairs): it names one report (a date, an amount, a score), which
  // its neighbours' terms would blur. make eval --features: known-item MRR
  // 0.910 with it and number_pair_weight, 0.902 without it, MAP unchanged
  // (0.8345: the Hamshahri dev topics have no such pair).
  bool feedback_skip_numbers = true;
  // Neighbouring query words near each other in the article
  // (ParsedQuery::proximity: within kProximityWindow positions, in either
  // order, in any spelling). An article that matches every part of the query
  // gains this much times the share of the query's neighbouring pairs that
  // stand near each other in it (BM25 scores of a query's best article are
  // 10 to 30); 0: off. Only such articles: a phrase of common words in an
  // article that lacks the query's rare word (مرگ و میر without نهنگ) must
  // not outrank the articles about it. Shared among the pairs: a topic of
  // five words (four pairs) gains no more than a name of two.
  // make eval --features (Hamshahri MAP / known-item MRR): off 0.8345 /
  // 0.910; 6.0: 0.8396 / 0.970; 8.0: 0.8365 / 0.973; 12.0: 0.8291 / 0.970.
  // A fixed 4.0 per pair for every matching article instead: 0.8056 / 0.968.
  // With analyzer 5 and the edge function words: off 0.8357 / 0.915; 4.0:
  // 0.8370 / 0.971; 8.0: 0.8371 / 0.984; 12.0: 0.8293 / 0.981. With k1 1.6
  // and compound heads: off 0.8531 / 0.905; 4.0: 0.8518 / 0.954; 8.0:
  // 0.8510 / 0.988; 12.0: 0.8466 / 0.988.
  double proximity_weight = 8.0;
  // The same pairs near each other in the title, again (the title is text
  // too, so proximity_weight counts them already): this much times their
  // share, for articles matching every part; 0: off. Off: it moves known
  // items up and topics down (make eval --features: 1.0 gives MRR 0.976,
  // MAP 0.834; 2.0: 0.976, 0.832; 4.0: 0.977, 0.831).
  double title_proximity_weight = 0;
  // A number and its neighbour in the query near each other in the article
  // (ParsedQuery::number_pairs: ۱۶ بهمن, ۴۰ درصد): this much per pair, on
  // top of proximity_weight; 0: off. make eval --features: known-item MRR
  // 0.910 with it, 0.904 without it (2.0: 0.908; 8.0: as 4.0), MAP unchanged.
  double number_pair_weight = 4.0;
  // Query words matched as written, not only by stem
  // (ParsedQuery::exact_forms): their weight again, times this; 0: off.
  // Off: the known items are found as well without it, and it costs the
  // topics (make eval --features, analyzer 5, MAP / MRR: off 0.8371 / 0.984;
  // 0.5: 0.8177 / 0.983; 1.0: 0.8170 / 0.971).
  double exact_weight = 0;
  // What the query adds beyond the reader's words: compound heads (query.h).
  QueryOptions query;
};

// sort=recent: score = relevance + kRecencyShare * (best relevance of the
// query) * 2^(-age / half-life), age counted back from the newest article in
// the index (not the clock, so results are reproducible).
inline constexpr double kRecencyHalfLifeDays = 7.0;
inline constexpr double kRecencyShare = 0.5;

// What the API adds around the ranking. The defaults leave run_query as
// kavosh-eval measures it.
struct MatchOptions {
  Xapian::Query filter;  // boolean filter (sources, category, dates); empty: none
  SortOrder sort = SortOrder::kRelevance;
  bool collapse = false;  // one match per schema::kSlotCluster value
  // Only documents matching the query itself are matches: the title bonus and
  // blind feedback re-rank them but add none (with false, documents that
  // share only feedback terms with the top ranked ones match too, at the
  // bottom). Measured on the Hamshahri dev topics: MAP 0.8335 instead of
  // 0.8340, P@10 and nDCG@10 unchanged. The API sets it, so that total and
  // facets count what the query asks for.
  bool query_matches_only = false;
  Xapian::doccount check_at_least = 0;  // examine at least this many matches
  // Seconds after which the matcher stops examining matches only to count
  // them (Enquire::set_time_limit: check_at_least is dropped); 0: no limit.
  // The best matches are found all the same; counts become estimates.
  double count_time_limit = 0;
  std::vector<Xapian::MatchSpy*> spies;  // see every match examined (facets)
  // Two-pass ranking (relevance and recent only), when not 0: a first pass
  // ranks the query's own matches (all words first, no title bonus, no
  // feedback), finding, counting and collapsing them and feeding the spies;
  // blind feedback learns from its best (distinct) articles; a second pass
  // ranks its best `rescore_depth` matches (at least the page asked for)
  // with the title bonus and the expansion. The title and the expansion's
  // 20 terms then cost a look-up per candidate instead of a posting list
  // walked over every match. 0: one pass with everything (what kavosh-eval
  // measures unless told otherwise).
  Xapian::doccount rescore_depth = 0;
  // The database combines several (shards.h): a posting source sees each
  // part's own docids, and a remote part can build only Xapian's own
  // sources (xapian-tcpsrv knows no others). The second pass then finds its
  // candidates by their unique terms instead of their docids (the same
  // candidates, the same ranking).
  bool sharded = false;
  // Some of those parts are remote: term statistics are asked in batches.
  bool remote = false;
  // The revision of the data read (ReadContext::revision), the feedback
  // cache's key; empty: the database's own (revision_key()), if it has one.
  std::string revision;
  // Where blind-feedback expansions are kept between searches; none when null.
  FeedbackCache* feedback_cache = nullptr;
};

// The matches of run_query and the pass that examined them: `counted`
// (totals, bounds, what the spies saw) is `hits` itself unless a second pass
// re-ranked the best matches (MatchOptions::rescore_depth).
struct RankedMatches {
  Xapian::MSet hits;     // matches [first, first + count)
  Xapian::MSet counted;  // the pass over all matches
};

// Ranks `parsed` against `db`. Returns matches [first, first + count).
// Throws Xapian::Error (the caller's database wrapper turns it into an Error).
RankedMatches rank_matches(const Xapian::Database& db, const ParsedQuery& parsed,
                           Xapian::doccount first, Xapian::doccount count,
                           const RankingOptions& ranking = {}, const MatchOptions& match = {});

// rank_matches(...).hits.
Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking = {}, const MatchOptions& match = {});

// Blind relevance feedback: the best stems of the articles `top` (the first
// RankingOptions::feedback_docs of them, best first) and their weights, the
// best weighing feedback_weight; empty when they are fewer than two, when
// the best stands out (feedback_skip_gap), or when they share nothing.
// Stems already in `parsed`, stop words, numbers and stems under 4 bytes are
// left out. `remote`: `db` has remote parts (term_stats.h).
Expansion expansion_terms(const Xapian::Database& db, const ParsedQuery& parsed,
                          const RankingOptions& ranking, const Xapian::MSet& top,
                          bool remote = false);

// The relevance part of a match's weight from run_query (without the bonus
// that puts articles matching every part first).
double relevance_score(double weight);

}  // namespace kavosh
