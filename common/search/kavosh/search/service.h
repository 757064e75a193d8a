// The search service: a validated request in, a response struct out, for
// every endpoint of the API. The HTTP layer only parses parameters into a
// request (request.h) and serializes the response (server/api_json.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kavosh/index/article.h"
#include "kavosh/search/database.h"
#include "kavosh/search/facets.h"
#include "kavosh/search/hits.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/request.h"
#include "kavosh/util/lru_cache.h"
#include "kavosh/util/status.h"

namespace kavosh {

// Matches are counted exactly up to this many (Enquire checkatleast): total
// and total_exact. Beyond, total is Xapian's estimate (the page says
// "about"). Examining matches costs time in proportion, and most of a
// search's time at scale: at 10x the shared corpora (make bench-query) the
// first pass took 3.7 ms at p50 counting 1,000 and 2.6 ms counting 200. So
// the API counts exactly what its first pages can show, and estimates beyond.
inline constexpr Xapian::doccount kExactTotalUpTo = 200;
// With facets, at least this many matches are examined, so that the counts of
// sources and months come from a fair sample (scaled up beyond it).
inline constexpr Xapian::doccount kFacetSampleAtLeast = 1000;
// SearchOptions::rescore_depth by default.
inline constexpr Xapian::doccount kRescoreDepth = 30;
// SearchOptions::answer_cache_entries by default: answers of 10 hits take
// about 10 KB each.
inline constexpr std::size_t kAnswerCacheEntries = 2048;
// Near-duplicates listed by GET /api/doc/{id}/similar.
inline constexpr std::size_t kMaxSimilarHits = 100;

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
  // Answered from SearchService's cache of answers (the same request on the
  // same database revision was answered before).
  bool cached = false;
  std::vector<SearchHit> hits;
  // The request as applied: sort, collapsing, filters (dates as ISO).
  SortOrder sort = SortOrder::kRelevance;
  bool collapse = true;
  std::vector<std::string> sources;
  std::string category, from, to;
  // One entry per requested facet, in the order asked.
  std::vector<FacetCounts> facets;
  // Shards that did not answer and were left out (ShardOptions::partial):
  // the answer is then partial; empty when every shard answered.
  std::vector<std::string> missing_shards;
  // "Did you mean": the query with its misspelled words corrected
  // (spelling_correction, suggest.h), whatever it found; empty when no word
  // looks misspelled.
  std::string suggestion;
};

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
  std::string analyzer;              // "kavosh-fa 5"
  std::string schema_version;
  std::uint64_t duplicate_clusters = 0;
  std::uint64_t duplicate_articles = 0;
};

// GET /api/suggest: completions of the word being typed.
struct SuggestResponse {
  std::string query;
  std::vector<std::string> suggestions;
};

// How the service ranks and counts; the defaults are what the API serves.
struct SearchOptions {
  RankingOptions ranking;
  // Matches examined at least (Enquire checkatleast), hence counted exactly
  // up to: see kExactTotalUpTo.
  Xapian::doccount exact_total_up_to = kExactTotalUpTo;
  // Matches examined at least when facets are asked for: see kFacetSampleAtLeast.
  Xapian::doccount facet_sample_at_least = kFacetSampleAtLeast;
  // Seconds a search may spend examining matches only to count them
  // (MatchOptions::count_time_limit); beyond, total is an estimate.
  double count_time_limit = 0.1;
  // Two-pass ranking (MatchOptions::rescore_depth): the best 30 matches of
  // the query alone get the title bonus and blind feedback. On the Hamshahri
  // dev topics the first 10 and MAP are the same as with one pass (make
  // eval: kavosh-eval --query-matches-only 1 --rescore-depth 30), and make
  // eval --features gives the same MAP and known-item MRR with 30 as with
  // 100 (0.8345 / 0.885); 0: one pass.
  Xapian::doccount rescore_depth = kRescoreDepth;
  // Blind-feedback expansions kept (feedback_cache.h); 0: none.
  std::size_t feedback_cache_entries = FeedbackCache::kDefaultCapacity;
  // Whole answers kept, each for the revision of the data it was computed on
  // (ReadContext::revision: a commit or a swapped database is never answered
  // from an older one; over shards, a view of them); 0: none. Readers repeat
  // requests (the page reloaded, a link shared, the story everyone looks
  // for), and a cached answer costs a copy instead of a search. A partial
  // answer (a shard left out) is never kept.
  std::size_t answer_cache_entries = kAnswerCacheEntries;
  // Timeouts and the treatment of a shard that is down, when serving shards.
  ShardOptions shards;
};

// Counts of a SearchService's caches since it opened.
struct CacheStats {
  std::uint64_t answer_hits = 0, answer_misses = 0;
  std::uint64_t feedback_hits = 0, feedback_misses = 0;
};

// Thread-safe: every call reads through Readers (database.h).
class SearchService {
 public:
  // Opens the database at `path`; fails when it is missing, unreadable, or was
  // built by another analyzer version (the message says to re-index).
  static Result<std::unique_ptr<SearchService>> open(const std::string& path,
                                                     const SearchOptions& options = {});
  // Several databases (or a remote one) combined into one (shards.h): each
  // a directory or "tcp://HOST:PORT".
  static Result<std::unique_ptr<SearchService>> open(const std::vector<std::string>& databases,
                                                     const SearchOptions& options = {});

  Result<SearchResponse> search(const ValidatedRequest& request);
  // Validates `request` first (request.h: validate).
  Result<SearchResponse> search(const SearchRequest& request);
  Result<std::uint64_t> document_count();
  // Readers::reopens(): how often the service moved to newer data.
  std::uint64_t reopens() const { return readers_->reopens(); }
  CacheStats cache_stats() const;

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
  SearchService(std::unique_ptr<Readers> readers, const SearchOptions& options)
      : readers_(std::move(readers)),
        options_(options),
        query_options_([&] {
          QueryOptions q = options.ranking.query;
          q.remote = readers_->has_remote();
          return q;
        }()),
        feedback_cache_(options.feedback_cache_entries),
        answer_cache_(options.answer_cache_entries) {}
  // The answer to `v` on `db`, without the cache of answers.
  Result<SearchResponse> compute(const Xapian::Database& db, const ValidatedRequest& v,
                                 const ReadContext& context);

  std::unique_ptr<Readers> readers_;
  const SearchOptions options_;
  const QueryOptions query_options_;  // options_.ranking.query, knowing the readers
  FeedbackCache feedback_cache_;
  LruCache<SearchResponse> answer_cache_;
};

}  // namespace kavosh
