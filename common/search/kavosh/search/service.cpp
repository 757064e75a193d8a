#include "kavosh/search/service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_set>

#include "kavosh/index/dates.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/query.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/suggest.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

// The response's echo of the request as applied, without results.
SearchResponse empty_response(const ValidatedRequest& v) {
  SearchResponse response;
  response.query = v.request.query;
  response.page = v.request.page;
  response.per_page = v.request.per_page;
  response.sort = v.request.sort;
  response.collapse = v.request.collapse;
  response.sources = v.filters.sources;
  response.category = v.filters.category;
  response.from = v.filters.from;
  response.to = v.filters.to;
  for (Facet f : v.request.facets) response.facets.push_back({f, {}});
  return response;
}

// Sets the response's total from the matches. Every match the matcher
// examines passes `clusters`; with fewer than `exact_up_to` (checkatleast),
// or as many as there can be, it examined them all, and the count is exact.
// Xapian's own bounds stay apart when collapsing, so the matches folded are
// counted from the clusters they belong to.
void count_total(const Xapian::MSet& mset, const Xapian::ValueCountMatchSpy& clusters,
                 bool collapse, Xapian::doccount exact_up_to, SearchResponse& response) {
  response.total = mset.get_matches_estimated();
  response.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  if (clusters.get_total() < exact_up_to ||
      clusters.get_total() >= mset.get_uncollapsed_matches_upper_bound()) {
    Xapian::doccount folded = 0;
    if (collapse) {
      for (Xapian::TermIterator v = clusters.values_begin(); v != clusters.values_end(); ++v) {
        folded += v.get_termfreq() - 1;
      }
    }
    response.total = static_cast<std::uint64_t>(clusters.get_total()) - folded;
    response.total_exact = true;
  }
}

// The hits of `mset`, with their snippets and near-duplicates.
Result<std::vector<SearchHit>> build_hits(const Xapian::Database& db, const Xapian::MSet& mset,
                                          Analyzer& analyzer, const ParsedQuery& parsed,
                                          const SearchRequest& request) {
  const Highlighter highlighter(
      HighlightTerms{parsed.highlight, parsed.exact, parsed.highlight_phrases});
  SnippetOptions snippet_options;
  snippet_options.max_chars = static_cast<std::size_t>(request.snippet_len);
  snippet_options.passages = static_cast<std::size_t>(request.snippets);
  std::vector<SearchHit> hits;
  std::optional<WantedWords> wanted;  // found on the first hit with a long body
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    Result<Article> article = article_from_data(doc.get_data());
    if (!article.ok()) return article.error();
    SearchHit hit = make_hit(article.value(), analyzer, highlighter, snippet_options,
                             FastSnippets{&db, *it, &doc, &wanted});
    hit.score = parsed.browse ? 0.0 : relevance_score(it.get_weight());
    ClusterMembers cluster =
        cluster_members(db, doc.get_value(schema::kSlotCluster), *it, kMaxSimilarIds);
    hit.similar_count = cluster.others;
    hit.similar = std::move(cluster.newest_ids);
    hits.push_back(std::move(hit));
  }
  return hits;
}

// A document and its docid in the database it was found in (a combined
// database's: Document::get_docid() gives its part's).
struct FoundDocument {
  Xapian::docid id = 0;
  Xapian::Document doc;
};

// The documents whose API id is `id` (and, when `source` is not empty,
// whose source is `source`): one, or an error (404 none, 409 several).
Result<FoundDocument> find_document(const Xapian::Database& db, const std::string& id,
                                    const std::string& source) {
  if (!is_valid_utf8(id)) {
    return Error::bad_param("id", "not_utf8", "the article id in the path is not valid UTF-8");
  }
  if (source.size() > SearchRequest::kMaxFilterBytes || !is_valid_utf8(source)) {
    return Error::bad_param(
        "source", source.size() > SearchRequest::kMaxFilterBytes ? "too_long" : "not_utf8",
        "parameter 'source' must be a name of at most " +
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
  if (mset.size() == 1) return FoundDocument{*mset.begin(), mset.begin().get_document()};
  std::string sources;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    if (!sources.empty()) sources += ", ";
    sources += "'" + it.get_document().get_value(schema::kSlotSource) + "'";
  }
  return Error::conflict("id '" + id + "' exists in several sources (" + sources +
                             "): add parameter 'source' to choose one",
                         "ambiguous", "source");
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

// The sources of the database, most articles first, each named as an
// article of it writes it (one boolean term per normalized name).
std::vector<SourceCount> source_counts(const Xapian::Database& db) {
  std::vector<SourceCount> out;
  const std::string prefix(schema::kPrefixSource);
  for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    SourceCount source;
    source.count = t.get_termfreq();
    Xapian::PostingIterator p = db.postlist_begin(*t);
    if (p != db.postlist_end(*t)) source.value = db.get_document(*p).get_value(schema::kSlotSource);
    if (source.value.empty()) source.value = (*t).substr(prefix.size());
    out.push_back(std::move(source));
  }
  std::sort(out.begin(), out.end(), [](const SourceCount& a, const SourceCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

// The analyzer of `options` for this thread, kept between requests: the
// stems it has computed (Stemmer's memo, up to 64K words) and its ICU
// iterator serve the next request too, instead of being built and dropped
// per request. Analyzers are not thread-safe: one per thread (and options).
Analyzer& thread_analyzer(const AnalyzerOptions& options) {
  thread_local std::vector<std::unique_ptr<Analyzer>> analyzers;
  for (const std::unique_ptr<Analyzer>& a : analyzers) {
    if (a->options() == options) return *a;
  }
  analyzers.push_back(std::make_unique<Analyzer>(options));
  return *analyzers.back();
}

// Every parameter of `r` that the answer depends on, as one string (the
// answer cache's key, after the database's revision).
std::string answer_key(const SearchRequest& r) {
  std::string key = r.query;
  auto field = [&key](std::string_view value) {
    key += '\x1f';
    key += value;
  };
  for (int n : {r.page, r.per_page, r.snippet_len, r.snippets}) field(std::to_string(n));
  field(sort_name(r.sort));
  field(r.collapse ? "collapse" : "all");
  for (Facet f : r.facets) field(facet_name(f));
  field("sources");
  for (const std::string& source : r.sources) field(source);
  field(r.category);
  field(r.from);
  field(r.to);
  return key;
}

}  // namespace

Result<std::unique_ptr<SearchService>> SearchService::open(const std::string& path,
                                                           const SearchOptions& options) {
  return open(std::vector<std::string>{path}, options);
}

Result<std::unique_ptr<SearchService>> SearchService::open(
    const std::vector<std::string>& databases, const SearchOptions& options) {
  Result<std::unique_ptr<Readers>> readers = Readers::open(databases, options.shards);
  if (!readers.ok()) return readers.error();
  return std::unique_ptr<SearchService>(new SearchService(std::move(readers).value(), options));
}

Result<std::uint64_t> SearchService::document_count() {
  return readers_->read([](const Xapian::Database& db) -> Result<std::uint64_t> {
    return static_cast<std::uint64_t>(db.get_doccount());
  });
}

Result<SearchResponse> SearchService::search(const SearchRequest& request) {
  Result<ValidatedRequest> valid = validate(request);
  if (!valid.ok()) return valid.error();
  return search(valid.value());
}

Result<SearchResponse> SearchService::search(const ValidatedRequest& v) {
  const auto started = std::chrono::steady_clock::now();
  Result<SearchResponse> result = readers_->read(
      [&](const Xapian::Database& db, const ReadContext& context) -> Result<SearchResponse> {
        if (!context.missing_shards.empty()) {
          // Partial: answered as it is, never kept.
          Result<SearchResponse> partial = compute(db, v, context);
          if (partial.ok()) partial.value().missing_shards = context.missing_shards;
          return partial;
        }
        std::optional<std::string> key;
        if (answer_cache_.capacity() > 0 && !context.revision.empty()) {
          key = context.revision + '\x1f' + answer_key(v.request);
          if (std::optional<SearchResponse> hit = answer_cache_.find(*key)) {
            hit->cached = true;
            return std::move(*hit);
          }
        }
        Result<SearchResponse> computed = compute(db, v, context);
        if (key && computed.ok()) answer_cache_.insert(*key, computed.value());
        return computed;
      });
  if (!result.ok()) return result;
  result.value().took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

Result<SearchResponse> SearchService::compute(const Xapian::Database& db, const ValidatedRequest& v,
                                              const ReadContext& context) {
  const SearchRequest& request = v.request;
  SearchResponse response = empty_response(v);
  // Query and documents go through the analyzer the database was built with.
  Result<AnalyzerOptions> options = readers_->analyzer_options(db);
  if (!options.ok()) return options.error();
  Analyzer& analyzer = thread_analyzer(options.value());
  const ParsedQuery parsed = parse_query(analyzer, request.query, &db, query_options_);
  if (parsed.empty) return response;  // only punctuation or symbols: nothing can match
  if (!parsed.too_complex.empty()) {
    return Error::bad_param("q", "too_complex", parsed.too_complex);
  }

  MatchOptions match;
  match.filter = v.filters.query;
  match.sort = request.sort;
  match.collapse = request.collapse;
  match.query_matches_only = true;
  match.sharded = readers_->combined();
  match.remote = readers_->has_remote();
  match.revision = context.revision;
  match.check_at_least = options_.exact_total_up_to;
  if (!request.facets.empty()) {
    match.check_at_least = std::max(match.check_at_least, options_.facet_sample_at_least);
  }
  match.count_time_limit = options_.count_time_limit;
  const FacetSpies facets(request.facets);
  facets.attach(match.spies);
  Xapian::ValueCountMatchSpy clusters(schema::kSlotCluster);
  match.spies.push_back(&clusters);
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const auto count = static_cast<Xapian::doccount>(request.per_page);
  match.rescore_depth = options_.rescore_depth;
  if (options_.feedback_cache_entries > 0) match.feedback_cache = &feedback_cache_;
  const RankedMatches ranked = rank_matches(db, parsed, first, count, options_.ranking, match);
  count_total(ranked.counted, clusters, request.collapse, match.check_at_least, response);
  Result<std::vector<SearchHit>> hits = build_hits(db, ranked.hits, analyzer, parsed, request);
  if (!hits.ok()) return hits.error();
  response.hits = std::move(hits).value();
  response.facets = facets.counts(response.total);
  // "Did you mean": whatever the query found, a rare word with a much
  // more common neighbour is a typo (the other words may find results).
  if (!parsed.browse)
    response.suggestion = spelling_correction(db, analyzer, request.query, readers_->has_remote());
  return response;
}

CacheStats SearchService::cache_stats() const {
  CacheStats out;
  out.answer_hits = answer_cache_.hits();
  out.answer_misses = answer_cache_.misses();
  out.feedback_hits = feedback_cache_.hits();
  out.feedback_misses = feedback_cache_.misses();
  return out;
}

Result<DocumentResponse> SearchService::document(const std::string& id, const std::string& source) {
  return readers_->read([&](const Xapian::Database& db) -> Result<DocumentResponse> {
    Result<FoundDocument> found = find_document(db, id, source);
    if (!found.ok()) return found.error();
    const Xapian::Document& doc = found.value().doc;
    Result<Article> article = article_from_data(doc.get_data());
    if (!article.ok()) return article.error();
    DocumentResponse out;
    out.article = std::move(article).value();
    out.article.id = api_id(out.article);
    ClusterMembers cluster =
        cluster_members(db, doc.get_value(schema::kSlotCluster), found.value().id, kMaxSimilarIds);
    out.similar_count = cluster.others;
    out.similar = std::move(cluster.newest_ids);
    return out;
  });
}

Result<SimilarResponse> SearchService::similar(const std::string& id, const std::string& source) {
  return readers_->read([&](const Xapian::Database& db) -> Result<SimilarResponse> {
    Result<FoundDocument> found = find_document(db, id, source);
    if (!found.ok()) return found.error();
    const Xapian::Document& doc = found.value().doc;
    Result<AnalyzerOptions> options = readers_->analyzer_options(db);
    if (!options.ok()) return options.error();
    Analyzer& analyzer = thread_analyzer(options.value());
    SimilarResponse out;
    out.id = id;
    out.source = doc.get_value(schema::kSlotSource);
    const ClusterMembers cluster =
        cluster_members(db, doc.get_value(schema::kSlotCluster), found.value().id, kMaxSimilarHits);
    out.total = cluster.others;
    const Highlighter lead{HighlightTerms{}};
    for (Xapian::docid member : cluster.newest) {
      Result<Article> article = article_from_data(db.get_document(member).get_data());
      if (!article.ok()) return article.error();
      SearchHit hit = make_hit(article.value(), analyzer, lead, SnippetOptions{});
      hit.similar_count = cluster.others;  // each member has the same others
      out.hits.push_back(std::move(hit));
    }
    return out;
  });
}

Result<StatsResponse> SearchService::stats() {
  return readers_->read([&](const Xapian::Database& db) -> Result<StatsResponse> {
    StatsResponse out;
    out.documents = db.get_doccount();
    out.sources = source_counts(db);
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
    for (const std::string& path : readers_->local_paths()) {
      out.database_bytes += directory_bytes(path);
    }
    out.analyzer = db.get_metadata(std::string(schema::kMetaAnalyzer));
    out.schema_version = db.get_metadata(std::string(schema::kMetaSchema));
    return out;
  });
}

Result<SuggestResponse> SearchService::suggest(const std::string& text) {
  if (auto e = check_text_param("q", text, SearchRequest::kMaxQueryBytes)) return *e;
  return readers_->read([&](const Xapian::Database& db) -> Result<SuggestResponse> {
    Result<AnalyzerOptions> options = readers_->analyzer_options(db);
    if (!options.ok()) return options.error();
    Analyzer& analyzer = thread_analyzer(options.value());
    SuggestResponse out;
    out.query = text;
    out.suggestions = complete_last_word(db, analyzer, text);
    return out;
  });
}

}  // namespace kavosh
