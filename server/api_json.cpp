#include "api_json.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "html.h"

namespace kavosh {

namespace {

// The error for parameter `name` whose value `got` is not what it `must` be.
Error bad_value(const std::string& name, const std::string& must, const std::string& got) {
  return Error::bad_param(
      name, "invalid",
      "parameter '" + name + "' must " + must + ", got '" + got.substr(0, 40) + "'");
}

// A positive decimal integer of at most 9 digits, ASCII only.
Result<int> parse_int_param(const std::string& name, const std::string& value) {
  if (value.empty() || value.size() > 9 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return bad_value(name, "be a positive integer", value);
  }
  return std::stoi(value);
}

// The single value of a parameter; repeating it is an error.
Result<const std::string*> single(const std::multimap<std::string, std::string>& params,
                                  const std::string& name) {
  auto [lo, hi] = params.equal_range(name);
  if (lo == hi) return static_cast<const std::string*>(nullptr);
  if (std::next(lo) != hi) {
    return Error::bad_param(name, "repeated", "parameter '" + name + "' is repeated");
  }
  return &lo->second;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

// [[start, end], ...]
nlohmann::json spans_json(const std::vector<Span>& spans) {
  nlohmann::json out = nlohmann::json::array();
  for (const Span& s : spans) out.push_back({s.start, s.end});
  return out;
}

}  // namespace

Result<std::string> single_param(const std::multimap<std::string, std::string>& params,
                                 const std::string& name) {
  Result<const std::string*> v = single(params, name);
  if (!v.ok()) return v.error();
  return v.value() == nullptr ? std::string() : *v.value();
}

Result<ValidatedRequest> search_request_from_params(
    const std::multimap<std::string, std::string>& params) {
  SearchRequest r;
  Result<const std::string*> q = single(params, "q");
  if (!q.ok()) return q.error();
  if (q.value() != nullptr) r.query = *q.value();
  struct IntParam {
    const char* name;
    int* out;
  };
  for (IntParam p : {IntParam{"page", &r.page}, IntParam{"per_page", &r.per_page},
                     IntParam{"snippet_len", &r.snippet_len}, IntParam{"snippets", &r.snippets}}) {
    Result<const std::string*> v = single(params, p.name);
    if (!v.ok()) return v.error();
    if (v.value() == nullptr) continue;
    Result<int> n = parse_int_param(p.name, *v.value());
    if (!n.ok()) return n.error();
    *p.out = n.value();
  }
  // Filters: `source` may be repeated (any of them); the others once.
  auto [lo, hi] = params.equal_range("source");
  for (auto it = lo; it != hi; ++it) {
    if (!it->second.empty()) r.sources.push_back(it->second);
  }
  struct TextParam {
    const char* name;
    std::string* out;
  };
  std::string sort, facets, collapse;
  for (TextParam p :
       {TextParam{"category", &r.category}, TextParam{"from", &r.from}, TextParam{"to", &r.to},
        TextParam{"sort", &sort}, TextParam{"facets", &facets}, TextParam{"collapse", &collapse}}) {
    Result<std::string> v = single_param(params, p.name);
    if (!v.ok()) return v.error();
    *p.out = std::move(v).value();
  }
  if (!sort.empty()) {
    std::optional<SortOrder> order = sort_from_name(sort);
    if (!order) {
      return bad_value("sort", "be relevance, newest, oldest or recent", sort);
    }
    r.sort = *order;
  }
  for (std::size_t start = 0; start <= facets.size() && !facets.empty();) {
    std::size_t end = facets.find(',', start);
    if (end == std::string::npos) end = facets.size();
    const std::string name = facets.substr(start, end - start);
    if (!name.empty()) {
      std::optional<Facet> facet = facet_from_name(name);
      if (!facet) {
        return bad_value("facets", "list source, category or month (comma-separated)", name);
      }
      if (std::find(r.facets.begin(), r.facets.end(), *facet) == r.facets.end()) {
        r.facets.push_back(*facet);
      }
    }
    start = end + 1;
  }
  if (collapse == "0") {
    r.collapse = false;
  } else if (collapse.empty() || collapse == "1") {
    r.collapse = true;
  } else {
    return Error::bad_param(
        "collapse", "invalid",
        "parameter 'collapse' must be 0 or 1, got '" + collapse.substr(0, 40) + "'");
  }
  return validate(std::move(r));
}

namespace {

// The fields an article shares in every answer that shows it. (nlohmann's
// objects keep their keys sorted: the order of insertion does not matter.)
nlohmann::json article_json(const std::string& id, const std::string& url, const std::string& date,
                            const std::string& source, const std::string& category,
                            std::uint64_t similar_count, const std::vector<std::string>& similar) {
  nlohmann::json out = nlohmann::json::object();
  out["id"] = id;
  out["url"] = url;
  out["date"] = date;
  out["source"] = source;
  out["category"] = category;
  out["similar_count"] = similar_count;
  out["similar"] = similar;
  return out;
}

nlohmann::json facet_json(const FacetCounts& f) {
  nlohmann::json values = nlohmann::json::array();
  for (const FacetValue& v : f.values) {
    nlohmann::json value = {{"count", v.count}};
    if (f.facet == Facet::kMonth) {
      value["key"] = v.value;
      value["label"] = v.label;
      value["from"] = v.from;
      value["to"] = v.to;
    } else {
      value["value"] = v.value;
    }
    values.push_back(std::move(value));
  }
  return values;
}

}  // namespace

nlohmann::json to_json(const SearchHit& h) {
  nlohmann::json out =
      article_json(h.id, h.url, h.date, h.source, h.category, h.similar_count, h.similar);
  out["title"] = h.title.text;
  out["title_html"] = marked_html(h.title);
  out["snippet"] = h.snippet.text;
  out["snippet_html"] = marked_html(h.snippet);
  out["highlights"] = {{"title", spans_json(h.title.spans)},
                       {"snippet", spans_json(h.snippet.spans)}};
  out["score"] = round2(h.score);
  return out;
}

nlohmann::json to_json(const SearchResponse& response) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& h : response.hits) hits.push_back(to_json(h));
  nlohmann::json out = {{"query", response.query},
                        {"total", response.total},
                        {"total_exact", response.total_exact},
                        {"page", response.page},
                        {"per_page", response.per_page},
                        {"took_ms", round2(response.took_ms)},
                        {"cached", response.cached},
                        {"partial", !response.missing_shards.empty()},
                        {"suggestion", response.suggestion},
                        {"hits", std::move(hits)}};
  // The request as applied.
  out["sort"] = std::string(sort_name(response.sort));
  out["collapse"] = response.collapse;
  out["source"] = response.sources;
  out["category"] = response.category;
  out["from"] = response.from;
  out["to"] = response.to;
  if (!response.missing_shards.empty()) out["missing_shards"] = response.missing_shards;
  if (!response.facets.empty()) {
    nlohmann::json facets = nlohmann::json::object();
    for (const FacetCounts& f : response.facets) {
      facets[std::string(facet_name(f.facet))] = facet_json(f);
    }
    out["facets"] = std::move(facets);
  }
  return out;
}

nlohmann::json to_json(const DocumentResponse& response) {
  const Article& a = response.article;
  nlohmann::json out = article_json(a.id, a.url, a.date, a.source, a.category,
                                    response.similar_count, response.similar);
  out["title"] = a.title;
  out["body"] = a.body;
  out["tags"] = a.tags;
  return out;
}

nlohmann::json to_json(const SimilarResponse& response) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& h : response.hits) hits.push_back(to_json(h));
  return {{"id", response.id},
          {"source", response.source},
          {"total", response.total},
          {"hits", std::move(hits)}};
}

nlohmann::json to_json(const StatsResponse& response) {
  nlohmann::json sources = nlohmann::json::array();
  for (const SourceCount& s : response.sources) {
    sources.push_back({{"value", s.value}, {"count", s.count}});
  }
  return {{"documents", response.documents},
          {"sources", std::move(sources)},
          {"dates",
           {{"first", response.first_date},
            {"last", response.last_date},
            {"undated", response.undated}}},
          {"near_duplicates",
           {{"clusters", response.duplicate_clusters}, {"articles", response.duplicate_articles}}},
          {"database_bytes", response.database_bytes},
          {"analyzer", response.analyzer},
          {"schema_version", response.schema_version}};
}

nlohmann::json to_json(const SuggestResponse& response) {
  return {{"query", response.query}, {"suggestions", response.suggestions}};
}

nlohmann::json to_json(const Error& error) {
  return {{"error", error.message}, {"code", error.code}, {"param", error.param}};
}

}  // namespace kavosh
