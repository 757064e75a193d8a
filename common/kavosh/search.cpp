#include "kavosh/search.h"

#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_set>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/stop_words.h"
#include "kavosh/article.h"
#include "kavosh/checkpoints.h"
#include "kavosh/dates.h"
#include "kavosh/document.h"
#include "kavosh/highlight.h"
#include "kavosh/schema.h"
#include "kavosh/suggest.h"

namespace kavosh {

namespace {

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// Snippets are chosen from the first 100 KB of a body (about 50,000 Persian
// letters, more than any article of the shared news corpora): re-analysis
// costs about 0.1 us per byte, and a huge body must not slow every page it
// appears on.
constexpr std::size_t kMaxSnippetSourceBytes = 100 * 1024;

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

// The BM25 part of a match's weight (without the all-parts bonus).
double relevance_score(double weight) {
  return weight >= kAllPartsBonus ? weight - kAllPartsBonus : weight;
}

// Applies the query's filters and exclusions to `query`.
Xapian::Query restrict(Xapian::Query query, const ParsedQuery& parsed) {
  if (!parsed.filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, parsed.filter);
  if (!parsed.exclude.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, parsed.exclude);
  }
  return query;
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
    if (term.size() < 2 || term[0] != 'Z' || term[1] == 'S' || in_query_.count(term)) return false;
    const std::string word = term.substr(schema::kPrefixStem.size());
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

// A request's filters as a boolean query, with its dates canonical.
struct Filters {
  Xapian::Query query;   // empty: no filter
  std::string from, to;  // ISO, empty when open
};

// The filters of `r`; an error names a date parameter that does not parse
// (or `from` after `to`).
Result<Filters> build_filters(const SearchRequest& r) {
  Filters f;
  std::vector<Xapian::Query> parts;
  std::vector<Xapian::Query> sources;
  for (const std::string& s : r.sources) {
    if (!normalize_filter_value(s).empty()) sources.emplace_back(source_term(s));
  }
  if (!sources.empty()) parts.emplace_back(Xapian::Query::OP_OR, sources.begin(), sources.end());
  if (!normalize_filter_value(r.category).empty()) parts.emplace_back(category_term(r.category));

  std::string low, high;
  for (auto [name, raw, out, key] : {std::make_tuple("from", &r.from, &f.from, &low),
                                     std::make_tuple("to", &r.to, &f.to, &high)}) {
    if (raw->find_first_not_of(" \t") == std::string::npos) continue;
    const std::optional<std::string> iso = parse_date(*raw);
    if (!iso) {
      return Error::bad_request(std::string("parameter '") + name + "' is not a date: '" +
                                raw->substr(0, 40) +
                                "' (write it as 2026-01-06 or as a Solar Hijri date, 1404/10/16)");
    }
    *out = *iso;
    *key = date_sort_key(*iso);
  }
  // A `to` without a time is the end of that day.
  if (!high.empty() && f.to.size() == 10) high.replace(8, 6, "235959");
  if (!low.empty() && !high.empty() && low > high) {
    return Error::bad_request("parameter 'from' (" + f.from + ") is after parameter 'to' (" + f.to +
                              ")");
  }
  if (!low.empty() && !high.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, low, high);
  } else if (!low.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, low);
  } else if (!high.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, high);
  }
  if (!parts.empty()) f.query = Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  return f;
}

// The members of a near-duplicate cluster other than `self`: how many, and
// the newest `limit` of them. Counted exactly with a value range on the
// cluster value (Enquire::get_collapse_count is only a lower bound).
struct ClusterMembers {
  std::uint64_t others = 0;
  std::vector<Xapian::Document> newest;
};

ClusterMembers cluster_members(const Xapian::Database& db, const std::string& cluster,
                               Xapian::docid self, std::size_t limit) {
  ClusterMembers c;
  if (cluster.empty()) return c;
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotCluster, cluster, cluster));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet mset =
      enquire.get_mset(0, static_cast<Xapian::doccount>(limit + 1), db.get_doccount());
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    if (*it != self && c.newest.size() < limit) c.newest.push_back(it.get_document());
  }
  // `self` is a member (it carries the value), listed or not.
  const std::uint64_t members = mset.get_matches_estimated();
  c.others = members > 0 ? members - 1 : 0;
  return c;
}

// The API ids of `docs` (document.h: api_id()).
std::vector<std::string> ids_of(const std::vector<Xapian::Document>& docs) {
  std::vector<std::string> ids;
  for (const Xapian::Document& d : docs) {
    Result<Article> a = article_from_data(d.get_data());
    if (a.ok()) ids.push_back(api_id(a.value()));
  }
  return ids;
}

// Where a hit's snippet may come from besides its article: its indexed
// document `doc` in `db`, whose checkpoints (checkpoints.h) spare analysing a
// long body, and the request's wanted words, found on the first hit that
// needs them.
struct FastSnippets {
  const Xapian::Database* db = nullptr;
  const Xapian::Document* doc = nullptr;
  std::optional<WantedWords>* wanted = nullptr;
};

// A hit for `a`: title marked, snippet chosen (the lead when `highlighter` is empty).
SearchHit make_hit(const Article& a, Analyzer& analyzer, const Highlighter& highlighter,
                   const SnippetOptions& snippet_options, const FastSnippets& fast_path = {}) {
  SearchHit hit;
  hit.id = api_id(a);
  hit.url = a.url;
  hit.title = a.title;
  hit.date = a.date;
  hit.source = a.source;
  hit.category = a.category;
  Highlighted title = highlighter.mark_all(a.title, analyzer.analyze(a.title));
  hit.title_html = std::move(title.html);
  hit.title_spans = std::move(title.spans);
  // A hit that matched on its title alone gets the lead of its body.
  // Without query words (browsing) only the lead can be shown: its
  // characters take at most 4 bytes each.
  const std::size_t source_bytes =
      highlighter.empty() ? 4 * snippet_options.max_chars + 256 : kMaxSnippetSourceBytes;
  std::optional<Highlighted> fast;
  if (fast_path.doc != nullptr && !highlighter.empty() && a.body.size() <= source_bytes &&
      a.body.size() >= kCheckpointMinBodyBytes) {
    try {
      if (fast_path.wanted != nullptr && !fast_path.wanted->has_value()) {
        *fast_path.wanted = wanted_words(*fast_path.db, analyzer, highlighter);
      }
      fast = fast_body_snippet(*fast_path.db, *fast_path.doc, a.body, analyzer, highlighter,
                               snippet_options,
                               fast_path.wanted != nullptr ? &**fast_path.wanted : nullptr);
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;  // the request retries
    } catch (const Xapian::Error&) {
      fast.reset();  // analyse the body
    }
  }
  Highlighted snippet =
      fast ? std::move(*fast)
           : highlighter.snippet(a.body, analyzer.analyze(snippet_source(a.body, source_bytes)),
                                 snippet_options);
  hit.snippet = std::move(snippet.text);
  hit.snippet_html = std::move(snippet.html);
  hit.snippet_spans = std::move(snippet.spans);
  return hit;
}

// `s` without leading and trailing whitespace.
std::string trimmed(const std::string& s) {
  const std::size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return {};
  return s.substr(start, s.find_last_not_of(" \t\r\n") - start + 1);
}

// The values a facet's spy counted: sources and categories merged by their
// normalized name (shown as their most frequent spelling) and the most
// frequent first; months newest first, with label and Gregorian range.
// Counts are multiplied by `scale` (matches per match examined).
std::vector<FacetValue> facet_values(Facet facet, const Xapian::ValueCountMatchSpy& spy,
                                     double scale) {
  auto scaled = [scale](Xapian::doccount n) {
    return static_cast<std::uint64_t>(std::llround(static_cast<double>(n) * scale));
  };
  std::vector<FacetValue> out;
  if (facet == Facet::kMonth) {
    for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
      const std::optional<JalaliMonth> month = parse_month_key(*it);
      if (!month) continue;
      const DateRange range = month_range(*month);
      out.push_back({*it, month_label(*month), range.from, range.to, scaled(it.get_termfreq())});
    }
    std::sort(out.begin(), out.end(),
              [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
  } else {
    struct Group {
      std::string shown;
      Xapian::doccount shown_count = 0;
      Xapian::doccount count = 0;
    };
    std::map<std::string, Group> groups;
    for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
      const std::string key = normalize_filter_value(*it);
      if (key.empty()) continue;
      Group& g = groups[key];
      const Xapian::doccount n = it.get_termfreq();
      g.count += n;
      if (n > g.shown_count) {
        g.shown = trimmed(*it);
        g.shown_count = n;
      }
    }
    for (const auto& [key, g] : groups) out.push_back({g.shown, "", "", "", scaled(g.count)});
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  }
  if (out.size() > kMaxFacetValues) out.resize(kMaxFacetValues);
  return out;
}

Xapian::valueno facet_slot(Facet facet) {
  switch (facet) {
    case Facet::kSource:
      return schema::kSlotSource;
    case Facet::kCategory:
      return schema::kSlotCategory;
    case Facet::kMonth:
      return schema::kSlotMonth;
  }
  return schema::kSlotSource;
}

}  // namespace

std::string_view sort_name(SortOrder sort) {
  switch (sort) {
    case SortOrder::kRelevance:
      return "relevance";
    case SortOrder::kNewest:
      return "newest";
    case SortOrder::kOldest:
      return "oldest";
    case SortOrder::kRecent:
      return "recent";
  }
  return "relevance";
}

std::optional<SortOrder> sort_from_name(std::string_view name) {
  for (SortOrder s :
       {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest, SortOrder::kRecent}) {
    if (sort_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view facet_name(Facet facet) {
  switch (facet) {
    case Facet::kSource:
      return "source";
    case Facet::kCategory:
      return "category";
    case Facet::kMonth:
      return "month";
  }
  return "source";
}

std::optional<Facet> facet_from_name(std::string_view name) {
  for (Facet f : {Facet::kSource, Facet::kCategory, Facet::kMonth}) {
    if (facet_name(f) == name) return f;
  }
  return std::nullopt;
}

Status validate(const SearchRequest& r) {
  if (r.query.size() > SearchRequest::kMaxQueryBytes) {
    return Error::bad_request("parameter 'q' is too long (" + std::to_string(r.query.size()) +
                              " bytes; at most " + std::to_string(SearchRequest::kMaxQueryBytes) +
                              ")");
  }
  if (!valid_utf8(r.query)) return Error::bad_request("parameter 'q' is not valid UTF-8");
  if (r.page < 1 || r.page > SearchRequest::kMaxPage) {
    return Error::bad_request("parameter 'page' must be between 1 and " +
                              std::to_string(SearchRequest::kMaxPage));
  }
  if (r.per_page < 1 || r.per_page > SearchRequest::kMaxPerPage) {
    return Error::bad_request("parameter 'per_page' must be between 1 and " +
                              std::to_string(SearchRequest::kMaxPerPage));
  }
  if (r.snippet_len < SearchRequest::kMinSnippetChars ||
      r.snippet_len > SearchRequest::kMaxSnippetChars) {
    return Error::bad_request("parameter 'snippet_len' must be between " +
                              std::to_string(SearchRequest::kMinSnippetChars) + " and " +
                              std::to_string(SearchRequest::kMaxSnippetChars) + " characters");
  }
  if (r.snippets < 1 || r.snippets > SearchRequest::kMaxSnippets) {
    return Error::bad_request("parameter 'snippets' must be between 1 and " +
                              std::to_string(SearchRequest::kMaxSnippets));
  }
  if (r.sources.size() > SearchRequest::kMaxSources) {
    return Error::bad_request("parameter 'source' is repeated more than " +
                              std::to_string(SearchRequest::kMaxSources) + " times");
  }
  for (const std::string& source : r.sources) {
    if (source.size() > SearchRequest::kMaxFilterBytes || !valid_utf8(source)) {
      return Error::bad_request("parameter 'source' must be a name of at most " +
                                std::to_string(SearchRequest::kMaxFilterBytes) + " bytes of UTF-8");
    }
  }
  if (r.category.size() > SearchRequest::kMaxFilterBytes || !valid_utf8(r.category)) {
    return Error::bad_request("parameter 'category' must be a name of at most " +
                              std::to_string(SearchRequest::kMaxFilterBytes) + " bytes of UTF-8");
  }
  for (std::size_t i = 0; i < r.facets.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (r.facets[i] == r.facets[j]) {
        return Error::bad_request("parameter 'facets' names '" +
                                  std::string(facet_name(r.facets[i])) + "' twice");
      }
    }
  }
  if (Result<Filters> f = build_filters(r); !f.ok()) return f.error();
  return {};
}

Result<AnalyzerOptions> database_analyzer(const Xapian::Database& db, const std::string& path) {
  const std::string id = db.get_metadata(std::string(schema::kMetaAnalyzer));
  if (id.empty() && db.get_doccount() == 0) return AnalyzerOptions{};
  const std::optional<AnalyzerOptions> options = Analyzer::options_from_id(id);
  if (!options) {
    return Error::conflict("database '" + path + "' was built by analyzer '" +
                           (id.empty() ? std::string("unknown") : id) + "' but this build uses '" +
                           Analyzer().id() +
                           "': re-index it with kavosh-index into a new directory");
  }
  const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchema));
  if (schema_version != schema::kSchemaVersion) {
    return Error::conflict("database '" + path + "' has schema version '" + schema_version +
                           "' but this build uses '" + std::string(schema::kSchemaVersion) +
                           "': re-index it with kavosh-index into a new directory");
  }
  return *options;
}

Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking, const MatchOptions& match) {
  Xapian::Enquire enquire(db);
  // The query's own filters and exclusions, then the request's filter.
  auto restrict_all = [&](Xapian::Query query) {
    query = restrict(std::move(query), parsed);
    if (!match.filter.empty()) {
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, match.filter);
    }
    return query;
  };
  auto matches = [&]() {
    if (match.collapse) enquire.set_collapse_key(schema::kSlotCluster);
    for (Xapian::MatchSpy* spy : match.spies) enquire.add_matchspy(spy);
    return enquire.get_mset(first, count, std::max(first + count + 100, match.check_at_least));
  };

  const bool by_date =
      parsed.browse || match.sort == SortOrder::kNewest || match.sort == SortOrder::kOldest;
  if (by_date) {
    if (match.sort == SortOrder::kOldest) {
      // Undated articles (an empty value) last: they sort as "~", after every digit.
      auto* key = new Xapian::MultiValueKeyMaker();
      key->add_value(schema::kSlotDate, /*reverse=*/false, "~");
      enquire.set_sort_by_key_then_relevance(key->release(), /*reverse=*/false);
    } else {
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
    }
  }
  if (parsed.browse) {
    enquire.set_query(restrict_all(Xapian::Query::MatchAll));
    return matches();
  }
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  // Weight added to the query's own: the title bonus, all words first, and
  // (below) blind feedback; empty when off. With query_matches_only they only
  // re-rank the query's matches (OP_AND_MAYBE); else they may add matches.
  Xapian::Query title_bonus, all_words_bonus;
  if (ranking.title_weight > 0 && !parsed.title.empty()) {
    title_bonus = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parsed.title, ranking.title_weight);
  }
  if (ranking.all_words_first && parsed.parts.size() > 1 &&
      parsed.parts.size() <= ranking.all_words_max_parts) {
    all_words_bonus = all_parts_bonus(parsed.parts);
  }
  auto ranked = [&](const Xapian::Query& expansion) {
    if (match.query_matches_only) {
      const Xapian::Query extras[] = {title_bonus, all_words_bonus, expansion};
      return restrict_all(
          Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.any(),
                        Xapian::Query(Xapian::Query::OP_OR, std::begin(extras), std::end(extras))));
    }
    // The query tree kavosh-eval measured.
    Xapian::Query query = parsed.any();
    if (!title_bonus.empty()) query = Xapian::Query(Xapian::Query::OP_OR, query, title_bonus);
    if (!all_words_bonus.empty()) {
      query = Xapian::Query(Xapian::Query::OP_OR, query, all_words_bonus);
    }
    query = restrict_all(query);
    if (!expansion.empty()) {
      query = restrict_all(Xapian::Query(Xapian::Query::OP_OR, query, expansion));
    }
    return query;
  };
  Xapian::Query query = ranked(Xapian::Query());
  enquire.set_query(query);
  // Ordered by date, relevance only breaks ties: no feedback.
  if (by_date) return matches();
  if (ranking.feedback_docs > 0 && ranking.feedback_terms > 0) {
    const Xapian::MSet top = enquire.get_mset(0, ranking.feedback_docs);
    if (top.size() >= 2) {
      Xapian::RSet rset;
      for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
      const FeedbackTerms decider(parsed.any());
      const Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, rset, &decider);
      if (!eset.empty()) {
        const double best = eset.begin().get_weight();
        std::vector<Xapian::Query> expansion;
        for (auto it = eset.begin(); it != eset.end(); ++it) {
          expansion.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                                 ranking.feedback_weight * it.get_weight() / best);
        }
        query = ranked(Xapian::Query(Xapian::Query::OP_OR, expansion.begin(), expansion.end()));
        enquire.set_query(query);
      }
    }
  }
  if (match.sort == SortOrder::kRecent) {
    // The boost is a share of the query's best relevance, so that it weighs
    // the same against the scores of any query.
    const std::string newest = db.get_value_upper_bound(schema::kSlotDate);
    const std::optional<double> reference = seconds_of_date_key(newest);
    const Xapian::MSet best = enquire.get_mset(0, 1);
    const double top = best.empty() ? 0.0 : relevance_score(best.begin().get_weight());
    if (reference && top > 0) {
      auto* recency =
          new RecencySource(*reference, kRecencyHalfLifeDays * 86400.0, kRecencyShare * top);
      enquire.set_query(
          Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(recency->release())));
    }
  }
  return matches();
}

// Xapian::Database objects are not thread-safe: each search borrows one.
class SearchService::Pool {
 public:
  explicit Pool(std::string path) : path_(std::move(path)) {}

  struct Lease {
    Pool* pool;
    std::unique_ptr<Xapian::Database> db;
    ~Lease() {
      if (db) pool->give_back(std::move(db));
    }
  };

  Lease borrow() {
    std::unique_ptr<Xapian::Database> db;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        db = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (db) {
      try {
        db->reopen();
      } catch (const Xapian::Error&) {
        // The directory was replaced under us (a new build is swapped in
        // atomically by kavosh-index): drop the stale handle, open afresh.
        db.reset();
      }
    }
    if (!db) db = std::make_unique<Xapian::Database>(path_);
    return Lease{this, std::move(db)};
  }

  const std::string& path() const { return path_; }

 private:
  void give_back(std::unique_ptr<Xapian::Database> db) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(db));
  }

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Xapian::Database>> free_;
};

SearchService::SearchService(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}
SearchService::~SearchService() = default;

Result<std::unique_ptr<SearchService>> SearchService::open(const std::string& path) {
  try {
    Xapian::Database db(path);
    Result<AnalyzerOptions> options = database_analyzer(db, path);
    if (!options.ok()) return options.error();
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error::not_found("cannot open database '" + path + "': " + e.get_msg() +
                            " (build it with kavosh-index --db " + path + " FILE...)");
  } catch (const Xapian::Error& e) {
    return Error::internal("cannot open database '" + path + "': " + e.get_description());
  }
  return std::unique_ptr<SearchService>(new SearchService(std::make_unique<Pool>(path)));
}

Result<std::uint64_t> SearchService::document_count() {
  try {
    Pool::Lease lease = pool_->borrow();
    return static_cast<std::uint64_t>(lease.db->get_doccount());
  } catch (const Xapian::Error& e) {
    return Error::unavailable("database error: " + e.get_description());
  }
}

Result<SearchResponse> SearchService::search(const SearchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  if (Status s = validate(request); !s.ok()) return s.error();
  Result<Filters> filters = build_filters(request);
  if (!filters.ok()) return filters.error();

  SearchResponse response;
  response.query = request.query;
  response.page = request.page;
  response.per_page = request.per_page;
  response.sort = request.sort;
  response.collapse = request.collapse;
  for (const std::string& source : request.sources) {
    if (!normalize_filter_value(source).empty()) response.sources.push_back(source);
  }
  if (!normalize_filter_value(request.category).empty()) response.category = request.category;
  response.from = filters.value().from;
  response.to = filters.value().to;
  for (Facet f : request.facets) response.facets.push_back({f, {}});
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const auto count = static_cast<Xapian::doccount>(request.per_page);

  // A reader may see DatabaseModifiedError when an indexer commits meanwhile:
  // reopen and retry once.
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      const Xapian::Database& db = *lease.db;
      // Query and documents go through the analyzer the database was built with.
      Result<AnalyzerOptions> options = database_analyzer(db, pool_->path());
      if (!options.ok()) return options.error();
      Analyzer analyzer(options.value());
      const ParsedQuery parsed = parse_query(analyzer, request.query, &db);
      if (parsed.empty) break;  // only punctuation or symbols: nothing can match
      const Highlighter highlighter(
          HighlightTerms{parsed.highlight, parsed.exact, parsed.highlight_phrases});
      SnippetOptions snippet_options;
      snippet_options.max_chars = static_cast<std::size_t>(request.snippet_len);
      snippet_options.passages = static_cast<std::size_t>(request.snippets);

      MatchOptions match;
      match.filter = filters.value().query;
      match.sort = request.sort;
      match.collapse = request.collapse;
      match.query_matches_only = true;
      match.check_at_least = kExactTotalUpTo;
      std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
      for (Facet f : request.facets) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(f)));
        match.spies.push_back(spies.back().get());
      }
      // Every match the matcher examines passes this spy; with fewer than
      // kExactTotalUpTo (checkatleast), or as many as there can be, it
      // examined them all, and the count is exact. Xapian's own bounds stay apart when collapsing,
      // so the matches folded are counted from the clusters they belong to.
      Xapian::ValueCountMatchSpy clusters(schema::kSlotCluster);
      match.spies.push_back(&clusters);
      Xapian::MSet mset = run_query(db, parsed, first, count, RankingOptions{}, match);
      response.total = mset.get_matches_estimated();
      response.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      if (clusters.get_total() < kExactTotalUpTo ||
          clusters.get_total() >= mset.get_uncollapsed_matches_upper_bound()) {
        Xapian::doccount folded = 0;
        if (request.collapse) {
          for (Xapian::TermIterator v = clusters.values_begin(); v != clusters.values_end(); ++v) {
            folded += v.get_termfreq() - 1;
          }
        }
        response.total = static_cast<std::uint64_t>(clusters.get_total()) - folded;
        response.total_exact = true;
      }
      response.hits.clear();
      std::optional<WantedWords> wanted;  // found on the first hit with a long body
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        Result<Article> article = article_from_data(doc.get_data());
        if (!article.ok()) return article.error();
        SearchHit hit = make_hit(article.value(), analyzer, highlighter, snippet_options,
                                 FastSnippets{&db, &doc, &wanted});
        hit.score = parsed.browse ? 0.0 : relevance_score(it.get_weight());
        const ClusterMembers cluster =
            cluster_members(db, doc.get_value(schema::kSlotCluster), *it, kMaxSimilarIds);
        hit.similar_count = cluster.others;
        hit.similar = ids_of(cluster.newest);
        response.hits.push_back(std::move(hit));
      }
      for (std::size_t i = 0; i < spies.size(); ++i) {
        // Beyond kExactTotalUpTo the spies saw a part of the matches: scale up.
        const double seen = static_cast<double>(spies[i]->get_total());
        const double scale =
            seen > 0 ? std::max(1.0, static_cast<double>(response.total) / seen) : 1.0;
        response.facets[i].values = facet_values(request.facets[i], *spies[i], scale);
      }

      // "Did you mean": only when the query finds little, and only a
      // correction that finds more.
      response.suggestion.clear();
      if (!parsed.browse && response.total < kSuggestBelow) {
        const std::string corrected = spelling_correction(db, analyzer, request.query);
        if (!corrected.empty() && corrected != request.query) {
          const ParsedQuery again = parse_query(analyzer, corrected, &db);
          if (!again.empty && !again.browse) {
            MatchOptions check = match;
            check.spies.clear();
            check.check_at_least = 0;
            RankingOptions quick;
            quick.feedback_docs = 0;  // the same matches, ranked without feedback
            const Xapian::MSet found = run_query(db, again, 0, 0, quick, check);
            if (found.get_matches_lower_bound() > response.total) response.suggestion = corrected;
          }
        }
      }
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Error::unavailable("database changed during the search; retry");
    } catch (const Xapian::Error& e) {
      return Error::unavailable("database error: " + e.get_description());
    }
  }
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return response;
}

namespace {

// The documents whose record id is `id` (and, when `source` is not empty,
// whose source is `source`): one, or an error (404 none, 409 several).
Result<Xapian::Document> find_document(const Xapian::Database& db, const std::string& id,
                                       const std::string& source) {
  if (!valid_utf8(id)) return Error::bad_request("the article id in the path is not valid UTF-8");
  if (source.size() > SearchRequest::kMaxFilterBytes || !valid_utf8(source)) {
    return Error::bad_request("parameter 'source' must be a name of at most " +
                              std::to_string(SearchRequest::kMaxFilterBytes) + " bytes of UTF-8");
  }
  if (normalize_filter_value(id).empty()) return Error::not_found("no article has an empty id");
  Xapian::Query query(id_term(id));
  if (!normalize_filter_value(source).empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(source_term(source)));
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet mset = enquire.get_mset(0, 20);
  if (mset.empty()) {
    return Error::not_found("no article has id '" + id + "'" +
                            (source.empty() ? std::string() : " in source '" + source + "'"));
  }
  if (mset.size() == 1) return mset.begin().get_document();
  std::string sources;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    if (!sources.empty()) sources += ", ";
    sources += "'" + it.get_document().get_value(schema::kSlotSource) + "'";
  }
  return Error::conflict("id '" + id + "' exists in several sources (" + sources +
                         "): add parameter 'source' to choose one");
}

std::uint64_t directory_bytes(const std::string& path) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(path, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) bytes += size;
    }
  }
  return bytes;
}

}  // namespace

Result<DocumentResponse> SearchService::document(const std::string& id, const std::string& source) {
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      const Xapian::Database& db = *lease.db;
      Result<Xapian::Document> doc = find_document(db, id, source);
      if (!doc.ok()) return doc.error();
      Result<Article> article = article_from_data(doc.value().get_data());
      if (!article.ok()) return article.error();
      DocumentResponse out;
      out.article = std::move(article).value();
      out.article.id = api_id(out.article);
      const ClusterMembers cluster = cluster_members(
          db, doc.value().get_value(schema::kSlotCluster), doc.value().get_docid(), kMaxSimilarIds);
      out.similar_count = cluster.others;
      out.similar = ids_of(cluster.newest);
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Error::unavailable("database changed during the request; retry");
    } catch (const Xapian::Error& e) {
      return Error::unavailable("database error: " + e.get_description());
    }
  }
}

Result<SimilarResponse> SearchService::similar(const std::string& id, const std::string& source) {
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      const Xapian::Database& db = *lease.db;
      Result<Xapian::Document> doc = find_document(db, id, source);
      if (!doc.ok()) return doc.error();
      Result<AnalyzerOptions> options = database_analyzer(db, pool_->path());
      if (!options.ok()) return options.error();
      Analyzer analyzer(options.value());
      SimilarResponse out;
      out.id = id;
      out.source = doc.value().get_value(schema::kSlotSource);
      const ClusterMembers cluster =
          cluster_members(db, doc.value().get_value(schema::kSlotCluster), doc.value().get_docid(),
                          kMaxSimilarHits);
      out.total = cluster.others;
      const Highlighter lead{HighlightTerms{}};
      for (const Xapian::Document& member : cluster.newest) {
        Result<Article> article = article_from_data(member.get_data());
        if (!article.ok()) return article.error();
        SearchHit hit = make_hit(article.value(), analyzer, lead, SnippetOptions{});
        hit.similar_count = cluster.others;  // each member has the same others
        out.hits.push_back(std::move(hit));
      }
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Error::unavailable("database changed during the request; retry");
    } catch (const Xapian::Error& e) {
      return Error::unavailable("database error: " + e.get_description());
    }
  }
}

Result<StatsResponse> SearchService::stats() {
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      const Xapian::Database& db = *lease.db;
      StatsResponse out;
      out.documents = db.get_doccount();
      // Sources: one boolean term per normalized name; shown as an article writes it.
      const std::string prefix(schema::kPrefixSource);
      for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        SourceCount source;
        source.count = t.get_termfreq();
        Xapian::PostingIterator p = db.postlist_begin(*t);
        if (p != db.postlist_end(*t)) {
          source.value = db.get_document(*p).get_value(schema::kSlotSource);
        }
        if (source.value.empty()) source.value = (*t).substr(prefix.size());
        out.sources.push_back(std::move(source));
      }
      std::sort(out.sources.begin(), out.sources.end(),
                [](const SourceCount& a, const SourceCount& b) {
                  return a.count != b.count ? a.count > b.count : a.value < b.value;
                });
      // Dates: one pass over the date values (exact, unlike the slot's bounds).
      std::string low, high;
      std::uint64_t dated = 0;
      for (Xapian::ValueIterator v = db.valuestream_begin(schema::kSlotDate);
           v != db.valuestream_end(schema::kSlotDate); ++v) {
        const std::string& key = *v;
        if (low.empty() || key < low) low = key;
        if (high.empty() || key > high) high = key;
        ++dated;
      }
      out.first_date = date_of_sort_key(low);
      out.last_date = date_of_sort_key(high);
      out.undated = out.documents - std::min<std::uint64_t>(dated, out.documents);
      std::unordered_set<std::string> clusters;
      for (Xapian::ValueIterator v = db.valuestream_begin(schema::kSlotCluster);
           v != db.valuestream_end(schema::kSlotCluster); ++v) {
        clusters.insert(*v);
        ++out.duplicate_articles;
      }
      out.duplicate_clusters = clusters.size();
      out.database_bytes = directory_bytes(pool_->path());
      out.analyzer = db.get_metadata(std::string(schema::kMetaAnalyzer));
      out.schema_version = db.get_metadata(std::string(schema::kMetaSchema));
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Error::unavailable("database changed during the request; retry");
    } catch (const Xapian::Error& e) {
      return Error::unavailable("database error: " + e.get_description());
    }
  }
}

Result<SuggestResponse> SearchService::suggest(const std::string& text) {
  if (text.size() > SearchRequest::kMaxQueryBytes) {
    return Error::bad_request("parameter 'q' is too long (" + std::to_string(text.size()) +
                              " bytes; at most " + std::to_string(SearchRequest::kMaxQueryBytes) +
                              ")");
  }
  if (!valid_utf8(text)) return Error::bad_request("parameter 'q' is not valid UTF-8");
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      const Xapian::Database& db = *lease.db;
      Result<AnalyzerOptions> options = database_analyzer(db, pool_->path());
      if (!options.ok()) return options.error();
      Analyzer analyzer(options.value());
      SuggestResponse out;
      out.query = text;
      out.suggestions = complete_last_word(db, analyzer, text);
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Error::unavailable("database changed during the request; retry");
    } catch (const Xapian::Error& e) {
      return Error::unavailable("database error: " + e.get_description());
    }
  }
}

}  // namespace kavosh
