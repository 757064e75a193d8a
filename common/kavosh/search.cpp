#include "kavosh/search.h"

#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>
#include <unordered_set>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/stop_words.h"
#include "kavosh/article.h"
#include "kavosh/document.h"
#include "kavosh/highlight.h"
#include "kavosh/schema.h"

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
  return Xapian::Query(Xapian::Query::OP_AND,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, 0.0),
                       Xapian::Query(new Xapian::FixedWeightPostingSource(kAllPartsBonus)));
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

}  // namespace

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
                       const RankingOptions& ranking) {
  Xapian::Enquire enquire(db);
  if (parsed.browse) {
    enquire.set_query(restrict(Xapian::Query::MatchAll, parsed));
    enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
    return enquire.get_mset(first, count, first + count + 100);
  }
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  Xapian::Query query = parsed.any();
  if (ranking.title_weight > 0 && !parsed.title.empty()) {
    query = Xapian::Query(
        Xapian::Query::OP_OR, query,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parsed.title, ranking.title_weight));
  }
  if (ranking.all_words_first && parsed.parts.size() > 1 &&
      parsed.parts.size() <= ranking.all_words_max_parts) {
    query = Xapian::Query(Xapian::Query::OP_OR, query, all_parts_bonus(parsed.parts));
  }
  query = restrict(query, parsed);
  enquire.set_query(query);
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
        query = restrict(
            Xapian::Query(Xapian::Query::OP_OR, query,
                          Xapian::Query(Xapian::Query::OP_OR, expansion.begin(), expansion.end())),
            parsed);
        enquire.set_query(query);
      }
    }
  }
  return enquire.get_mset(first, count, first + count + 100);
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
      db->reopen();
    } else {
      db = std::make_unique<Xapian::Database>(path_);
    }
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

  SearchResponse response;
  response.query = request.query;
  response.page = request.page;
  response.per_page = request.per_page;
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const auto count = static_cast<Xapian::doccount>(request.per_page);

  // A reader may see DatabaseModifiedError when an indexer commits meanwhile:
  // reopen and retry once.
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      // Query and documents go through the analyzer the database was built with.
      Result<AnalyzerOptions> options = database_analyzer(*lease.db, pool_->path());
      if (!options.ok()) return options.error();
      Analyzer analyzer(options.value());
      const ParsedQuery parsed = parse_query(analyzer, request.query, lease.db.get());
      if (parsed.empty) break;  // only punctuation or symbols: nothing can match
      const Highlighter highlighter(
          HighlightTerms{parsed.highlight, parsed.exact, parsed.highlight_phrases});
      SnippetOptions snippet_options;
      snippet_options.max_chars = static_cast<std::size_t>(request.snippet_len);
      snippet_options.passages = static_cast<std::size_t>(request.snippets);
      Xapian::MSet mset = run_query(*lease.db, parsed, first, count);
      response.total = mset.get_matches_estimated();
      response.hits.clear();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Result<Article> article = article_from_data(it.get_document().get_data());
        if (!article.ok()) return article.error();
        const Article& a = article.value();
        SearchHit hit;
        hit.id = a.id;
        hit.url = a.url;
        hit.title = a.title;
        hit.date = a.date;
        hit.source = a.source;
        hit.category = a.category;
        hit.score = parsed.browse ? 0.0 : relevance_score(it.get_weight());
        Highlighted title = highlighter.mark_all(a.title, analyzer.analyze(a.title));
        hit.title_html = std::move(title.html);
        hit.title_spans = std::move(title.spans);
        // A hit that matched on its title alone gets the lead of its body.
        // Without query words (browsing) only the lead can be shown: its
        // characters take at most 4 bytes each.
        const std::size_t source_bytes =
            highlighter.empty() ? 4 * snippet_options.max_chars + 256 : kMaxSnippetSourceBytes;
        Highlighted snippet = highlighter.snippet(
            a.body, analyzer.analyze(snippet_source(a.body, source_bytes)), snippet_options);
        hit.snippet = std::move(snippet.text);
        hit.snippet_html = std::move(snippet.html);
        hit.snippet_spans = std::move(snippet.spans);
        response.hits.push_back(std::move(hit));
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

}  // namespace kavosh
