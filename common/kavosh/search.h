// The search service: a request struct in, a result struct out. The HTTP layer
// only parses parameters into a SearchRequest and serializes the SearchResponse.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include <string_view>
#include <unordered_set>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/article.h"
#include "kavosh/highlight.h"
#include "kavosh/query.h"
#include "kavosh/status.h"

namespace kavosh {

// How hits are ordered (GET /api/search `sort`).
enum class SortOrder {
  kRelevance,  // ranking (RankingOptions); an empty query lists the newest
  kNewest,     // publication date, newest first; undated articles last
  kOldest,     // publication date, oldest first; undated articles last
  kRecent,     // relevance blended with age (kRecencyHalfLifeDays, see run_query)
};
std::string_view sort_name(SortOrder sort);
std::optional<SortOrder> sort_from_name(std::string_view name);

// Facets: counts of the matches per value of a field (GET /api/search `facets`).
enum class Facet { kSource, kCategory, kMonth };
std::string_view facet_name(Facet facet);
std::optional<Facet> facet_from_name(std::string_view name);

struct SearchRequest {
  static constexpr int kMaxPerPage = 100;
  static constexpr int kMaxPage = 1000;
  static constexpr std::size_t kMaxQueryBytes = 2000;
  static constexpr int kDefaultSnippetChars = 200;
  static constexpr int kMinSnippetChars = 50;
  static constexpr int kMaxSnippetChars = 1000;
  static constexpr int kMaxSnippets = 5;
  static constexpr std::size_t kMaxSources = 50;       // source= values
  static constexpr std::size_t kMaxFilterBytes = 200;  // one source or category name

  std::string query;  // free text in any spelling; empty lists the newest articles
  int page = 1;       // 1-based
  int per_page = 10;  // 1..kMaxPerPage
  // Snippets (see Highlighter::snippet): characters (code points) per passage,
  // kMinSnippetChars..kMaxSnippetChars, and passages per hit, 1..kMaxSnippets.
  int snippet_len = kDefaultSnippetChars;
  int snippets = 1;

  // Filters, all combined with AND. Names match in any spelling (source_term()).
  std::vector<std::string> sources;  // any of these sources; empty: every source
  std::string category;              // empty: every category
  // Publication dates, inclusive, in any form parse_date() reads (ISO or
  // Solar Hijri, any digits); empty: open. A `to` without a time covers its
  // whole day. Undated articles never pass a date filter.
  std::string from, to;
  SortOrder sort = SortOrder::kRelevance;
  std::vector<Facet> facets;  // counted for the query and filters; no repeats
  bool collapse = true;       // one hit per cluster of near-duplicates
};

struct SearchHit {
  // `id` is the API id (document.h: api_id()): the record's id, or a derived one.
  std::string id, url, title, title_html, snippet_html, date, source, category;
  std::string snippet;  // snippet_html as plain text (no markup, not escaped)
  // The marks of title_html and snippet_html as [start, end) in UTF-16 code
  // units of `title` and `snippet`.
  std::vector<Span> title_spans, snippet_spans;
  double score = 0;
  // The other articles of the hit's near-duplicate cluster (near_duplicates.h),
  // whether or not they match the query: how many, and the ids of the newest
  // kMaxSimilarIds of them (articles without an id are counted, not listed).
  std::uint64_t similar_count = 0;
  std::vector<std::string> similar;
};

struct FacetValue {
  std::string value;     // a source or category name; for months, the key "1404-10"
  std::string label;     // months: "دی ۱۴۰۴"
  std::string from, to;  // months: its first and last day, Gregorian ISO
  std::uint64_t count = 0;
};

struct FacetCounts {
  Facet facet = Facet::kSource;
  std::vector<FacetValue> values;
};

struct SearchResponse {
  std::string query;
  // Matches of the query and filters, near-duplicates collapsed when asked.
  // Exact when total_exact, that is whenever there are at most
  // kExactTotalUpTo matches; Xapian's estimate beyond.
  std::uint64_t total = 0;
  bool total_exact = true;
  int page = 1;
  int per_page = 10;
  double took_ms = 0;
  std::vector<SearchHit> hits;
  // The request as applied: sort, collapsing, filters (dates as ISO).
  SortOrder sort = SortOrder::kRelevance;
  bool collapse = true;
  std::vector<std::string> sources;
  std::string category, from, to;
  // One entry per requested facet, in the order asked.
  std::vector<FacetCounts> facets;
  // "Did you mean": the query with misspelled words corrected, when the query
  // found fewer than kSuggestBelow matches and the correction finds more;
  // empty otherwise.
  std::string suggestion;
};

// Matches are counted exactly up to this many (Enquire checkatleast): total,
// total_exact and facet counts. Beyond, total is Xapian's estimate and facet
// counts are scaled from the matches examined.
inline constexpr Xapian::doccount kExactTotalUpTo = 10000;
// A query with fewer matches than this gets a spelling suggestion.
inline constexpr std::uint64_t kSuggestBelow = 3;
// Ids listed per hit in SearchHit::similar.
inline constexpr std::size_t kMaxSimilarIds = 10;
// Values per facet: the most frequent sources and categories, the newest months.
inline constexpr std::size_t kMaxFacetValues = 50;
// sort=recent: score = relevance + kRecencyShare * (best relevance of the
// query) * 2^(-age / half-life), age counted back from the newest article in
// the index (not the clock, so results are reproducible).
inline constexpr double kRecencyHalfLifeDays = 7.0;
inline constexpr double kRecencyShare = 0.5;

// An article as GET /api/doc/{id} returns it.
struct DocumentResponse {
  Article article;
  std::uint64_t similar_count = 0;
  std::vector<std::string> similar;
};

// The near-duplicates of an article (GET /api/doc/{id}/similar): hits without
// query marks, the snippet being the lead of the article.
struct SimilarResponse {
  std::string id, source;   // the article asked about
  std::uint64_t total = 0;  // its near-duplicates (hits lists at most kMaxSimilarHits)
  std::vector<SearchHit> hits;
};
inline constexpr std::size_t kMaxSimilarHits = 100;

struct SourceCount {
  std::string value;  // the name as an article of the source writes it
  std::uint64_t count = 0;
};

// GET /api/stats.
struct StatsResponse {
  std::uint64_t documents = 0;
  std::vector<SourceCount> sources;   // by count, most first
  std::string first_date, last_date;  // ISO, empty when no article has a date
  std::uint64_t undated = 0;
  std::uint64_t database_bytes = 0;  // files of the database directory
  std::string analyzer;              // "kavosh-fa 2"
  std::string schema_version;
  std::uint64_t duplicate_clusters = 0;
  std::uint64_t duplicate_articles = 0;
};

// GET /api/suggest: completions of the word being typed.
struct SuggestResponse {
  std::string query;
  std::vector<std::string> suggestions;
};

// Checks a request's ranges and filters; the error names the parameter.
Status validate(const SearchRequest& request);

// Thread-safe: each call borrows its own Xapian::Database handle from a pool
// and reopens it, so new commits by an indexer become visible.
class SearchService {
 public:
  // Opens the database at `path`; fails when it is missing, unreadable, or was
  // built by another analyzer version (the message says to re-index).
  static Result<std::unique_ptr<SearchService>> open(const std::string& path);
  ~SearchService();

  Result<SearchResponse> search(const SearchRequest& request);
  Result<std::uint64_t> document_count();

  // The article with API id `id` (document.h: api_id(); compared after
  // folding, like unique_key()); its `id` is that API id. `source`, when not
  // empty, picks among articles of several sources with that id; without it
  // such an id is a 409 listing them. 404 when no article has the id.
  Result<DocumentResponse> document(const std::string& id, const std::string& source);
  // The near-duplicates of that article, newest first.
  Result<SimilarResponse> similar(const std::string& id, const std::string& source);
  Result<StatsResponse> stats();
  // Up to kMaxCompletions completions of the last word of `text` (see
  // complete_last_word in suggest.h).
  Result<SuggestResponse> suggest(const std::string& text);

 private:
  class Pool;
  explicit SearchService(std::unique_ptr<Pool> pool);
  std::unique_ptr<Pool> pool_;
};

// The analyzer options a database was built with (defaults for an empty one).
// Fails, saying to re-index, when it was built by another analyzer version or
// schema.
Result<AnalyzerOptions> database_analyzer(const Xapian::Database& db, const std::string& path);

// How run_query ranks. The defaults are what the API serves, chosen on the
// Hamshahri dev topics with kavosh-eval (see README: standard BM25 values, a
// light title bonus, and blind feedback, which the Persian IR literature
// reports at +7 to +11% MAP; here 0.81 -> 0.83).
struct RankingOptions {
  double k1 = 1.2;            // BM25 term frequency saturation
  double b = 0.75;            // BM25 document length normalization
  double title_weight = 0.1;  // weight of the title bonus relative to a match anywhere
  // Blind relevance feedback: the top `feedback_docs` of a first ranking are
  // taken as relevant, and their best `feedback_terms` stems are added to the
  // query, the best with `feedback_weight` and the others in proportion to
  // their expand weight. 0 documents switches it off.
  // Articles that match every part of the query come first (then the
  // others), each group ranked by BM25, for queries of 2 to
  // `all_words_max_parts` parts. Longer queries describe a topic, and
  // requiring every word costs recall. Measured on the Hamshahri dev topics
  // (MAP): off 0.8325; up to 2 parts 0.8340; up to 3 parts 0.8074; always 0.7927.
  bool all_words_first = true;
  std::size_t all_words_max_parts = 2;
  unsigned feedback_docs = 10;
  unsigned feedback_terms = 20;
  double feedback_weight = 0.3;
};

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
  Xapian::doccount check_at_least = 0;   // examine at least this many matches
  std::vector<Xapian::MatchSpy*> spies;  // see every match examined (facets)
};

// Ranks `parsed` against `db`: the one ranking function behind the API and
// kavosh-eval. Returns matches [first, first + count).
Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking = {}, const MatchOptions& match = {});

}  // namespace kavosh
