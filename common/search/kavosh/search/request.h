// A search request as the API receives it (GET /api/search, docs/api.md),
// and its validation: the one place that checks a request's ranges and
// filters, parses its dates and builds its filter query. A request is
// validated once; the service takes only a ValidatedRequest.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/search/filters.h"
#include "kavosh/util/status.h"

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
  // Snippets (passages.h: make_snippet): characters (code points) per
  // passage, kMinSnippetChars..kMaxSnippetChars, and passages per hit,
  // 1..kMaxSnippets.
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

// A request whose parameters are within their ranges, with its filters built
// (dates parsed once, here).
struct ValidatedRequest {
  SearchRequest request;
  Filters filters;
};

// Checks `request`; the error names the parameter (Error::param) and says
// what is wrong with it (Error::code).
Result<ValidatedRequest> validate(SearchRequest request);

// The error for a text parameter `name` that is not valid UTF-8 or longer
// than `max_bytes`, if it is either (codes "not_utf8", "too_long").
std::optional<Error> check_text_param(const std::string& name, const std::string& value,
                                      std::size_t max_bytes);

}  // namespace kavosh
