#include "kavosh/search/ranking.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/article.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/database.h"
#include "kavosh/search/feedback_cache.h"
#include "kavosh/search/term_stats.h"

namespace kavosh {

namespace {

// Larger than any BM25 score of a query: added to articles that match every
// part, it puts them first without changing their order among themselves.
constexpr double kAllPartsBonus = 1000.0;

// `weight` for every article `query` matches, whatever the weights of its
// terms (they are zeroed).
Xapian::Query fixed_bonus(const Xapian::Query& query, double weight) {
  return Xapian::Query(Xapian::Query::OP_AND,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0.0),
                       Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()));
}

// A constant weight for articles matching every part (the same for all of them).
Xapian::Query all_parts_bonus(const std::vector<Xapian::Query>& parts) {
  return fixed_bonus(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()),
                     kAllPartsBonus);
}

// `weight` times the share of `pairs` an article matches, for the articles
// `every_part` matches; empty when there is nothing to weigh.
Xapian::Query pairs_bonus(const std::vector<Xapian::Query>& pairs, double weight,
                          const Xapian::Query& every_part) {
  if (weight <= 0 || pairs.empty()) return Xapian::Query();
  std::vector<Xapian::Query> bonuses;
  for (const Xapian::Query& near : pairs) {
    bonuses.push_back(fixed_bonus(near, weight / static_cast<double>(pairs.size())));
  }
  return Xapian::Query(Xapian::Query::OP_FILTER,
                       Xapian::Query(Xapian::Query::OP_OR, bonuses.begin(), bonuses.end()),
                       every_part);
}

// Accepts expansion terms for blind feedback: stems (not title stems) that
// are not stop words and not already in the query.
class FeedbackTerms {
 public:
  explicit FeedbackTerms(const Xapian::Query& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
      in_query_.insert(*it);
    }
  }
  bool operator()(const std::string& term) const {
    if (!schema::is_stem_term(term) || in_query_.count(term)) return false;
    const std::string_view word = schema::stem_of_term(term);
    // Numbers and single letters say little about a topic.
    if (word.size() < 4 || word.find_first_not_of("0123456789.") == std::string::npos) return false;
    return !is_stop_word(std::string(word));
  }

 private:
  std::unordered_set<std::string> in_query_;
};

// What the feedback articles say about one candidate term.
struct TermEvidence {
  Xapian::doccount articles = 0;  // feedback articles that have it (r)
  double multiplier = 0;          // sum of their normalised wdfs
};

// The expand weight of a term found in `r` of `rset_size` feedback articles
// and `n` of `db_size` articles, with `multiplier` from their wdfs: the
// probabilistic relevance weight Xapian's get_eset uses (TradEWeight).
double expand_weight(const TermEvidence& e, Xapian::doccount rset_size, Xapian::doccount n,
                     Xapian::doccount db_size) {
  const double r = e.articles;
  const double without = rset_size - r;  // feedback articles without the term
  const double num = (r + 0.5) * (static_cast<double>(db_size) - n - without + 0.5);
  const double denom = (static_cast<double>(n) - r + 0.5) * (without + 0.5);
  if (num <= 0 || denom <= 0) return 0;
  return e.multiplier * std::log(num / denom);
}

// Seconds since the epoch of a schema::kSlotDate value (its clock as stored).
std::optional<double> seconds_of_date_key(const std::string& key) {
  if (key.size() != 14 || key.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  auto part = [&](std::size_t at, std::size_t n) { return std::stoi(key.substr(at, n)); };
  std::tm tm{};
  tm.tm_year = part(0, 4) - 1900;
  tm.tm_mon = part(4, 2) - 1;
  tm.tm_mday = part(6, 2);
  tm.tm_hour = part(8, 2);
  tm.tm_min = part(10, 2);
  tm.tm_sec = part(12, 2);
  return static_cast<double>(timegm(&tm));
}

// sort=recent: a weight that halves every `half_life` seconds of an article's
// age, counted back from `reference` (the newest article); `max_weight` for
// an article as new as the newest, 0 for an undated one.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(double reference, double half_life, double max_weight)
      : Xapian::ValuePostingSource(schema::kSlotDate),
        reference_(reference),
        half_life_(half_life),
        max_weight_(max_weight) {}

  void init(const Xapian::Database& database) override {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(max_weight_);
  }

  double get_weight() const override {
    const std::optional<double> when = seconds_of_date_key(get_value());
    if (!when) return 0.0;
    const double age = std::max(0.0, reference_ - *when);
    return max_weight_ * std::exp2(-age / half_life_);
  }

  Xapian::PostingSource* clone() const override {
    return new RecencySource(reference_, half_life_, max_weight_);
  }

  std::string get_description() const override {
    return "RecencySource(half-life " + std::to_string(half_life_) + " s, max " +
           std::to_string(max_weight_) + ")";
  }

 private:
  double reference_, half_life_, max_weight_;
};

// Builds the query trees of one run_query call: the query's own filters and
// exclusions, the request's filter, and the weight added to the query's own
// (the title bonus, all words first, blind feedback).
class QueryTree {
 public:
  QueryTree(const ParsedQuery& parsed, const RankingOptions& ranking, const MatchOptions& match)
      : parsed_(parsed), match_(match) {
    if (ranking.title_weight > 0 && !parsed.title.empty()) {
      title_bonus_ =
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parsed.title, ranking.title_weight);
    }
    if (ranking.all_words_first && parsed.parts.size() > 1 &&
        parsed.parts.size() <= ranking.all_words_max_parts) {
      all_words_bonus_ = all_parts_bonus(parsed.parts);
    }
    const Xapian::Query every_part(Xapian::Query::OP_AND, parsed.parts.begin(), parsed.parts.end());
    proximity_bonus_ = Xapian::Query(
        Xapian::Query::OP_OR, pairs_bonus(parsed.proximity, ranking.proximity_weight, every_part),
        pairs_bonus(parsed.title_proximity, ranking.title_proximity_weight, every_part));
    if (ranking.number_pair_weight > 0 && !parsed.number_pairs.empty()) {
      std::vector<Xapian::Query> pairs;
      for (const Xapian::Query& near : parsed.number_pairs) {
        pairs.push_back(fixed_bonus(near, ranking.number_pair_weight));
      }
      number_bonus_ = Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
    }
    if (ranking.exact_weight > 0 && !parsed.exact_forms.empty()) {
      exact_bonus_ = Xapian::Query(
          Xapian::Query::OP_SCALE_WEIGHT,
          Xapian::Query(Xapian::Query::OP_OR, parsed.exact_forms.begin(), parsed.exact_forms.end()),
          ranking.exact_weight);
    }
  }

  // `query` with every filter and exclusion applied.
  Xapian::Query restricted(Xapian::Query query) const {
    if (!parsed_.filter.empty()) {
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, parsed_.filter);
    }
    if (!parsed_.exclude.empty()) {
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, parsed_.exclude);
    }
    if (!match_.filter.empty())
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, match_.filter);
    return query;
  }

  // The first pass of a two-pass ranking (MatchOptions::rescore_depth): the
  // query with all words first, without the title bonus and feedback that
  // the second pass adds on its best matches.
  Xapian::Query first_pass() const {
    if (all_words_bonus_.empty()) return restricted(parsed_.any());
    return restricted(Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed_.any(), all_words_bonus_));
  }

  // The ranked query with `expansion` (empty: none). With query_matches_only
  // the bonuses only re-rank the query's matches (OP_AND_MAYBE); else they
  // may add matches.
  Xapian::Query ranked(const Xapian::Query& expansion) const {
    if (match_.query_matches_only) {
      const Xapian::Query extras[] = {title_bonus_,  all_words_bonus_, proximity_bonus_,
                                      number_bonus_, exact_bonus_,     expansion};
      return restricted(
          Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed_.any(),
                        Xapian::Query(Xapian::Query::OP_OR, std::begin(extras), std::end(extras))));
    }
    // The query tree kavosh-eval measured.
    Xapian::Query query = parsed_.any();
    if (!title_bonus_.empty()) query = Xapian::Query(Xapian::Query::OP_OR, query, title_bonus_);
    if (!all_words_bonus_.empty()) {
      query = Xapian::Query(Xapian::Query::OP_OR, query, all_words_bonus_);
    }
    for (const Xapian::Query& bonus : {proximity_bonus_, number_bonus_, exact_bonus_}) {
      if (!bonus.empty()) query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, bonus);
    }
    query = restricted(query);
    if (!expansion.empty()) {
      query = restricted(Xapian::Query(Xapian::Query::OP_OR, query, expansion));
    }
    return query;
  }

 private:
  const ParsedQuery& parsed_;
  const MatchOptions& match_;
  // Empty when off.
  Xapian::Query title_bonus_, all_words_bonus_, proximity_bonus_, number_bonus_, exact_bonus_;
};

// The expansion as a query, through the cache when there is one (keyed by
// the enquire's query and `pass`); `top()` ranks the articles it learns
// from, on a miss.
Xapian::Query feedback_expansion(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                 const ParsedQuery& parsed, const RankingOptions& ranking,
                                 const MatchOptions& match, const std::string& pass,
                                 const std::function<Xapian::MSet()>& top) {
  FeedbackCache* cache = match.feedback_cache;
  std::optional<std::string> key;
  if (cache != nullptr) {
    key = FeedbackCache::key(
        match.revision.empty() ? revision_key(db).value_or(std::string()) : match.revision,
        enquire.get_query());
    if (key) {
      *key += '\x1f' + std::to_string(ranking.feedback_docs) + '/' +
              std::to_string(ranking.feedback_terms) + '/' +
              std::to_string(ranking.feedback_weight) + '/' + pass;
    }
  }
  std::optional<Expansion> expansion = key ? cache->find(*key) : std::nullopt;
  if (!expansion) {
    expansion = expansion_terms(db, parsed, ranking, top(), match.remote);
    if (key) cache->insert(*key, *expansion);
  }
  std::vector<Xapian::Query> terms;
  for (const auto& [term, weight] : *expansion) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// sort=recent: a boost for new articles, a share of the query's best
// relevance, so that it weighs the same against the scores of any query.
void add_recency(const Xapian::Database& db, Xapian::Enquire& enquire, const Xapian::Query& query) {
  const std::string newest = db.get_value_upper_bound(schema::kSlotDate);
  const std::optional<double> reference = seconds_of_date_key(newest);
  const Xapian::MSet best = enquire.get_mset(0, 1);
  const double top = best.empty() ? 0.0 : relevance_score(best.begin().get_weight());
  if (!reference || top <= 0) return;
  auto* recency =
      new RecencySource(*reference, kRecencyHalfLifeDays * 86400.0, kRecencyShare * top);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(recency->release())));
}

// Orders by publication date (relevance breaks ties); undated articles last.
void sort_by_date(Xapian::Enquire& enquire, SortOrder sort) {
  if (sort == SortOrder::kOldest) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotDateUndatedLast, /*reverse=*/false);
  } else {
    enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
  }
}

// A fixed set of documents as a posting list of weight 0: a query filtered
// by it is evaluated on those documents only.
class DocidSource : public Xapian::PostingSource {
 public:
  explicit DocidSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {
    std::sort(ids_.begin(), ids_.end());
    ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
  }
  Xapian::doccount get_termfreq_min() const override { return size(); }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  void init(const Xapian::Database&) override {
    started_ = false;
    at_ = 0;
  }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = static_cast<std::size_t>(
        std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(at_), ids_.end(), did) -
        ids_.begin());
  }
  bool at_end() const override { return at_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[at_]; }
  Xapian::PostingSource* clone() const override { return new DocidSource(ids_); }
  std::string get_description() const override {
    return "DocidSource(" + std::to_string(ids_.size()) + " documents)";
  }

 private:
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(ids_.size()); }
  std::vector<Xapian::docid> ids_;
  std::size_t at_ = 0;
  bool started_ = false;
};

// The documents of `counted` as a filter: a posting list of their docids,
// or, over shards (MatchOptions::sharded), the OR of their unique terms (the
// same documents).
Xapian::Query candidates(const Xapian::MSet& counted, bool sharded) {
  if (!sharded) {
    std::vector<Xapian::docid> ids;
    for (auto it = counted.begin(); it != counted.end(); ++it) ids.push_back(*it);
    return Xapian::Query((new DocidSource(std::move(ids)))->release());
  }
  counted.fetch();  // the stored records of all, in one exchange per shard
  std::vector<Xapian::Query> terms;
  for (auto it = counted.begin(); it != counted.end(); ++it) {
    Result<Article> article = article_from_data(it.get_document().get_data());
    if (article.ok()) terms.emplace_back(unique_term(article.value()));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// sort=recent on the candidates of a second pass: RecencySource's weights as
// a map from each candidate's date to its weight, which Xapian's own
// ValueMapPostingSource gives (so remote shards can apply it too).
void add_candidate_recency(const Xapian::Database& db, Xapian::Enquire& enquire,
                           const Xapian::Query& query, const Xapian::MSet& counted) {
  const std::optional<double> reference =
      seconds_of_date_key(db.get_value_upper_bound(schema::kSlotDate));
  const Xapian::MSet best = enquire.get_mset(0, 1);
  const double top = best.empty() ? 0.0 : relevance_score(best.begin().get_weight());
  if (!reference || top <= 0) return;
  const double max_weight = kRecencyShare * top;
  auto* recency = new Xapian::ValueMapPostingSource(schema::kSlotDate);
  for (auto it = counted.begin(); it != counted.end(); ++it) {
    const std::string date = it.get_document().get_value(schema::kSlotDate);
    const std::optional<double> when = seconds_of_date_key(date);
    if (!when) continue;
    const double age = std::max(0.0, *reference - *when);
    recency->add_mapping(date, max_weight * std::exp2(-age / (kRecencyHalfLifeDays * 86400.0)));
  }
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(recency->release())));
}

// The second pass: the full query `expanded` (title bonus, all words first,
// feedback) on the matches of the first pass `counted` only
// (MatchOptions::rescore_depth): matches [first, first + count) of them.
RankedMatches rescore(const Xapian::Database& db, const Xapian::Query& expanded,
                      const Xapian::MSet& counted, Xapian::doccount first, Xapian::doccount count,
                      const RankingOptions& ranking, const MatchOptions& match) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  // Equal scores in the order of the articles' ids, not of their docids, so
  // that shards (which number documents otherwise) rank alike, and blind
  // feedback learns from the same articles.
  enquire.set_sort_by_relevance_then_value(schema::kSlotApiId, /*reverse=*/false);
  const Xapian::Query query(Xapian::Query::OP_FILTER, expanded, candidates(counted, match.sharded));
  enquire.set_query(query);
  if (match.sort == SortOrder::kRecent) add_candidate_recency(db, enquire, query, counted);
  // Every candidate examined: they are a few dozen, so pruning saves nothing
  // here, and Xapian 1.4's pruned OR can drop a bonus it owes (over shards,
  // the proximity bonus of some articles: README, ranking features).
  return RankedMatches{enquire.get_mset(first, count, counted.size()), counted};
}

}  // namespace

double relevance_score(double weight) {
  return weight >= kAllPartsBonus ? weight - kAllPartsBonus : weight;
}

// Weighted as Xapian's get_eset weighs them (TradEWeight, k = 1), with two
// differences that make it several times cheaper: only the stem range of each
// article's term list is read, and only stems that several of the articles
// share (RankingOptions::feedback_min_articles) are candidates, so the
// collection frequency is looked up for a hundred terms or so instead of
// every stem of ten articles. A term that one article alone has describes
// that article, not what the ranking found in common.
Expansion expansion_terms(const Xapian::Database& db, const ParsedQuery& parsed,
                          const RankingOptions& ranking, const Xapian::MSet& top, bool remote) {
  if (top.size() < 2) return {};
  if (ranking.feedback_skip_numbers && !parsed.number_pairs.empty()) return {};
  if (ranking.feedback_skip_gap > 0) {
    // The best article stands out: the reader is after it, and the terms of
    // ten articles would only blur what sets it apart.
    const double best = relevance_score(top.begin().get_weight());
    const double second = relevance_score((++top.begin()).get_weight());
    if (second > 0 && best >= ranking.feedback_skip_gap * second) return {};
  }
  const FeedbackTerms accept(parsed.any());
  const double average_length = std::max(db.get_avlength(), 1.0);
  const std::string first(schema::kPrefixStem);
  std::unordered_map<std::string, TermEvidence> evidence;
  Xapian::doccount rset_size = 0;
  for (auto it = top.begin(); it != top.end() && rset_size < ranking.feedback_docs; ++it) {
    ++rset_size;
    const double length = static_cast<double>(db.get_doclength(*it)) / average_length;
    Xapian::TermIterator term = db.termlist_begin(*it);
    term.skip_to(first);
    for (; term != db.termlist_end(*it); ++term) {
      const std::string& name = *term;
      if (name.compare(0, first.size(), first) != 0) break;  // past the stems
      if (!accept(name)) continue;
      const double wdf = std::max<Xapian::termcount>(term.get_wdf(), 1);
      TermEvidence& e = evidence[name];
      ++e.articles;
      e.multiplier += 2 * wdf / (length + wdf);
    }
  }
  const Xapian::doccount db_size = db.get_doccount();
  std::vector<std::string> shared;
  for (const auto& [name, e] : evidence) {
    if (e.articles >= ranking.feedback_min_articles) shared.push_back(name);
  }
  const std::unordered_map<std::string, Xapian::doccount> frequencies =
      term_frequencies(db, shared, remote);
  std::vector<std::pair<double, const std::string*>> weighted;
  for (const auto& [name, e] : evidence) {
    if (e.articles < ranking.feedback_min_articles) continue;
    const double w = expand_weight(e, rset_size, frequencies.at(name), db_size);
    if (w > 0) weighted.emplace_back(w, &name);
  }
  const std::size_t keep = std::min<std::size_t>(ranking.feedback_terms, weighted.size());
  // The best; of equal weights the smaller terms, then listed larger first,
  // as get_eset does (so the expansion is reproducible).
  const auto cut = weighted.begin() + static_cast<std::ptrdiff_t>(keep);
  std::partial_sort(weighted.begin(), cut, weighted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : *a.second < *b.second;
  });
  std::sort(weighted.begin(), cut, [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : *a.second > *b.second;
  });
  if (keep == 0) return {};
  const double best = weighted.front().first;
  Expansion out;
  for (std::size_t i = 0; i < keep; ++i) {
    out.emplace_back(*weighted[i].second, ranking.feedback_weight * weighted[i].first / best);
  }
  return out;
}

RankedMatches rank_matches(const Xapian::Database& db, const ParsedQuery& parsed,
                           Xapian::doccount first, Xapian::doccount count,
                           const RankingOptions& ranking, const MatchOptions& match) {
  Xapian::Enquire enquire(db);
  const QueryTree tree(parsed, ranking, match);
  // The pass over every match: collapsed, counted, seen by the spies.
  const bool by_date =
      parsed.browse || match.sort == SortOrder::kNewest || match.sort == SortOrder::kOldest;
  auto all_matches = [&](Xapian::doccount from, Xapian::doccount n) {
    const Xapian::doccount check_at_least = std::max(from + n + 100, match.check_at_least);
    if (match.collapse) enquire.set_collapse_key(schema::kSlotCluster);
    if (match.count_time_limit > 0) enquire.set_time_limit(match.count_time_limit);
    if (by_date && match.sharded && !match.spies.empty()) {
      // Xapian 1.4's remote backend shows its match spies more documents
      // than match under a value sort (72 documents counted as 76), so over
      // shards the matches are counted in an unsorted pass of their own.
      Xapian::Enquire counter(db);
      counter.set_query(enquire.get_query());
      counter.set_weighting_scheme(Xapian::BoolWeight());
      if (match.collapse) counter.set_collapse_key(schema::kSlotCluster);
      for (Xapian::MatchSpy* spy : match.spies) counter.add_matchspy(spy);
      if (match.count_time_limit > 0) counter.set_time_limit(match.count_time_limit);
      return RankedMatches{enquire.get_mset(from, n, check_at_least),
                           counter.get_mset(from, n, check_at_least)};
    }
    for (Xapian::MatchSpy* spy : match.spies) enquire.add_matchspy(spy);
    Xapian::MSet m = enquire.get_mset(from, n, check_at_least);
    return RankedMatches{m, m};
  };

  if (by_date) sort_by_date(enquire, match.sort);
  if (parsed.browse) {
    enquire.set_query(tree.restricted(Xapian::Query::MatchAll));
    return all_matches(first, count);
  }
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  const bool feedback = ranking.feedback_docs > 0 && ranking.feedback_terms > 0;
  if (!by_date && match.rescore_depth > 0) {
    // Two passes: the query alone over every match (found, counted,
    // collapsed, seen by the spies), then the title bonus and the feedback
    // from its best articles on its best `rescore_depth` only.
    enquire.set_query(tree.first_pass());
    const Xapian::MSet counted =
        all_matches(0, std::max(first + count, match.rescore_depth)).counted;
    Xapian::Query expansion;
    if (feedback) {
      // Feedback learns from the best articles with the title bonus, as in one pass.
      MatchOptions plain = match;
      plain.sort = SortOrder::kRelevance;
      expansion = feedback_expansion(db, enquire, parsed, ranking, match,
                                     match.collapse ? "two-pass/collapsed" : "two-pass", [&] {
                                       return rescore(db, tree.ranked(Xapian::Query()), counted, 0,
                                                      ranking.feedback_docs, ranking, plain)
                                           .hits;
                                     });
    }
    return rescore(db, tree.ranked(expansion), counted, first, count, ranking, match);
  }
  // Ordered by date, relevance only breaks ties: no title bonus, no
  // feedback (every match is examined, so each posting list costs).
  if (by_date) {
    enquire.set_query(tree.first_pass());
    return all_matches(first, count);
  }
  Xapian::Query query = tree.ranked(Xapian::Query());
  enquire.set_query(query);
  Xapian::Query expansion;
  if (feedback) {
    expansion = feedback_expansion(db, enquire, parsed, ranking, match, "one-pass",
                                   [&] { return enquire.get_mset(0, ranking.feedback_docs); });
  }
  if (!expansion.empty()) {
    query = tree.ranked(expansion);
    enquire.set_query(query);
  }
  if (match.sort == SortOrder::kRecent) add_recency(db, enquire, query);
  return all_matches(first, count);
}

Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking, const MatchOptions& match) {
  return rank_matches(db, parsed, first, count, ranking, match).hits;
}

}  // namespace kavosh
