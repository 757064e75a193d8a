#include "kavosh/search/ranking.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iterator>
#include <optional>
#include <string>
#include <unordered_set>

#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/schema.h"

namespace kavosh {

namespace {

// Larger than any BM25 score of a query: added to articles that match every
// part, it puts them first without changing their order among themselves.
constexpr double kAllPartsBonus = 1000.0;

// A constant weight for articles matching every part (the parts' own weights
// are zeroed so that the bonus is the same for all of them).
Xapian::Query all_parts_bonus(const std::vector<Xapian::Query>& parts) {
  const Xapian::Query all(Xapian::Query::OP_AND, parts.begin(), parts.end());
  return Xapian::Query(
      Xapian::Query::OP_AND, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, 0.0),
      Xapian::Query((new Xapian::FixedWeightPostingSource(kAllPartsBonus))->release()));
}

// Accepts expansion terms for blind feedback: stems (not title stems) that
// are not stop words and not already in the query.
class FeedbackTerms : public Xapian::ExpandDecider {
 public:
  explicit FeedbackTerms(const Xapian::Query& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
      in_query_.insert(*it);
    }
  }
  bool operator()(const std::string& term) const override {
    if (!schema::is_stem_term(term) || in_query_.count(term)) return false;
    const std::string word(schema::stem_of_term(term));
    // Numbers and single letters say little about a topic.
    if (word.size() < 4 || word.find_first_not_of("0123456789.") == std::string::npos) return false;
    return !is_stop_word(word);
  }

 private:
  std::unordered_set<std::string> in_query_;
};

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

  // The ranked query with `expansion` (empty: none). With query_matches_only
  // the bonuses only re-rank the query's matches (OP_AND_MAYBE); else they
  // may add matches.
  Xapian::Query ranked(const Xapian::Query& expansion) const {
    if (match_.query_matches_only) {
      const Xapian::Query extras[] = {title_bonus_, all_words_bonus_, expansion};
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
    query = restricted(query);
    if (!expansion.empty()) {
      query = restricted(Xapian::Query(Xapian::Query::OP_OR, query, expansion));
    }
    return query;
  }

 private:
  const ParsedQuery& parsed_;
  const MatchOptions& match_;
  Xapian::Query title_bonus_, all_words_bonus_;  // empty when off
};

// Blind relevance feedback: the best stems of the top ranked articles, as
// an expansion query; empty when there is too little to learn from.
Xapian::Query feedback_expansion(const Xapian::Enquire& enquire, const ParsedQuery& parsed,
                                 const RankingOptions& ranking) {
  const Xapian::MSet top = enquire.get_mset(0, ranking.feedback_docs);
  if (top.size() < 2) return {};
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
  const FeedbackTerms decider(parsed.any());
  const Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, rset, &decider);
  if (eset.empty()) return {};
  const double best = eset.begin().get_weight();
  std::vector<Xapian::Query> expansion;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    expansion.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                           ranking.feedback_weight * it.get_weight() / best);
  }
  return Xapian::Query(Xapian::Query::OP_OR, expansion.begin(), expansion.end());
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
    // Undated articles (an empty value) last: they sort as "~", after every digit.
    auto* key = new Xapian::MultiValueKeyMaker();
    key->add_value(schema::kSlotDate, /*reverse=*/false, "~");
    enquire.set_sort_by_key_then_relevance(key->release(), /*reverse=*/false);
  } else {
    enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
  }
}

}  // namespace

double relevance_score(double weight) {
  return weight >= kAllPartsBonus ? weight - kAllPartsBonus : weight;
}

Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking, const MatchOptions& match) {
  Xapian::Enquire enquire(db);
  const QueryTree tree(parsed, ranking, match);
  auto matches = [&]() {
    if (match.collapse) enquire.set_collapse_key(schema::kSlotCluster);
    for (Xapian::MatchSpy* spy : match.spies) enquire.add_matchspy(spy);
    if (match.count_time_limit > 0) enquire.set_time_limit(match.count_time_limit);
    return enquire.get_mset(first, count, std::max(first + count + 100, match.check_at_least));
  };

  const bool by_date =
      parsed.browse || match.sort == SortOrder::kNewest || match.sort == SortOrder::kOldest;
  if (by_date) sort_by_date(enquire, match.sort);
  if (parsed.browse) {
    enquire.set_query(tree.restricted(Xapian::Query::MatchAll));
    return matches();
  }
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  Xapian::Query query = tree.ranked(Xapian::Query());
  enquire.set_query(query);
  // Ordered by date, relevance only breaks ties: no feedback.
  if (by_date) return matches();
  if (ranking.feedback_docs > 0 && ranking.feedback_terms > 0) {
    const Xapian::Query expansion = feedback_expansion(enquire, parsed, ranking);
    if (!expansion.empty()) {
      query = tree.ranked(expansion);
      enquire.set_query(query);
    }
  }
  if (match.sort == SortOrder::kRecent) add_recency(db, enquire, query);
  return matches();
}

}  // namespace kavosh
