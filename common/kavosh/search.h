// The search service: a request struct in, a result struct out. The HTTP layer
// only parses parameters into a SearchRequest and serializes the SearchResponse.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include <string_view>
#include <unordered_set>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/highlight.h"
#include "kavosh/query.h"
#include "kavosh/status.h"

namespace kavosh {

struct SearchRequest {
  static constexpr int kMaxPerPage = 100;
  static constexpr int kMaxPage = 1000;
  static constexpr std::size_t kMaxQueryBytes = 2000;
  static constexpr int kDefaultSnippetChars = 200;
  static constexpr int kMinSnippetChars = 50;
  static constexpr int kMaxSnippetChars = 1000;
  static constexpr int kMaxSnippets = 5;

  std::string query;  // free text in any spelling; empty lists the newest articles
  int page = 1;       // 1-based
  int per_page = 10;  // 1..kMaxPerPage
  // Snippets (see Highlighter::snippet): characters (code points) per passage,
  // kMinSnippetChars..kMaxSnippetChars, and passages per hit, 1..kMaxSnippets.
  int snippet_len = kDefaultSnippetChars;
  int snippets = 1;
};

struct SearchHit {
  std::string id, url, title, title_html, snippet_html, date, source, category;
  std::string snippet;  // snippet_html as plain text (no markup, not escaped)
  // The marks of title_html and snippet_html as [start, end) in UTF-16 code
  // units of `title` and `snippet`.
  std::vector<Span> title_spans, snippet_spans;
  double score = 0;
};

struct SearchResponse {
  std::string query;
  std::uint64_t total = 0;  // matches estimated by Xapian (exact for small result sets)
  int page = 1;
  int per_page = 10;
  double took_ms = 0;
  std::vector<SearchHit> hits;
};

// Checks a request's ranges; the error names the parameter.
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

// Ranks `parsed` against `db`: the one ranking function behind the API and
// kavosh-eval. Returns matches [first, first + count).
Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking = {});

}  // namespace kavosh
