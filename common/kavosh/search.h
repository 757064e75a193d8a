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
#include "kavosh/status.h"

namespace kavosh {

struct SearchRequest {
  static constexpr int kMaxPerPage = 100;
  static constexpr int kMaxPage = 1000;
  static constexpr std::size_t kMaxQueryBytes = 2000;
  static constexpr std::size_t kDefaultSnippetChars = 200;

  std::string query;  // free text in any spelling; empty lists the newest articles
  int page = 1;       // 1-based
  int per_page = 10;  // 1..kMaxPerPage
};

struct SearchHit {
  std::string id, url, title, title_html, snippet_html, date, source, category;
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

// A free-text query, analyzed: what to match and what to highlight.
struct ParsedQuery {
  Xapian::Query query;                        // empty for `browse`
  std::unordered_set<std::string> highlight;  // Token::stem values to mark
  std::unordered_set<std::string> exact;      // Token::text values of the query's words
  bool browse = false;                        // blank text: list the newest articles
  bool empty = false;                         // text with no searchable word
};

// Analyzes `text` with `analyzer` (the database's) and builds the Xapian query.
// With `db`, compounds in the database's lexicon (document.h) are recognised
// in any spelling: نخست‌وزیر, نخستوزیر and نخست وزیر give the same query.
ParsedQuery parse_query(Analyzer& analyzer, std::string_view text,
                        const Xapian::Database* db = nullptr);

// Ranks `parsed` against `db`: the one ranking function behind the API and
// kavosh-eval. Returns matches [first, first + count).
Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count);

}  // namespace kavosh
