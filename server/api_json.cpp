#include "api_json.h"

#include <cmath>

namespace kavosh {

namespace {

// A positive decimal integer of at most 9 digits, ASCII only.
Result<int> parse_int_param(const std::string& name, const std::string& value) {
  if (value.empty() || value.size() > 9 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return Error::bad_request("parameter '" + name + "' must be a positive integer, got '" +
                              value.substr(0, 40) + "'");
  }
  return std::stoi(value);
}

// The single value of a parameter; repeating it is an error.
Result<const std::string*> single(const std::multimap<std::string, std::string>& params,
                                  const std::string& name) {
  auto [lo, hi] = params.equal_range(name);
  if (lo == hi) return static_cast<const std::string*>(nullptr);
  if (std::next(lo) != hi) return Error::bad_request("parameter '" + name + "' is repeated");
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

Result<SearchRequest> search_request_from_params(
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
  if (Status s = validate(r); !s.ok()) return s.error();
  return r;
}

nlohmann::json to_json(const SearchResponse& response) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& h : response.hits) {
    hits.push_back(
        {{"id", h.id},
         {"url", h.url},
         {"title", h.title},
         {"title_html", h.title_html},
         {"snippet_html", h.snippet_html},
         {"snippet", h.snippet},
         {"highlights",
          {{"title", spans_json(h.title_spans)}, {"snippet", spans_json(h.snippet_spans)}}},
         {"date", h.date},
         {"source", h.source},
         {"category", h.category},
         {"score", round2(h.score)}});
  }
  return {{"query", response.query},
          {"total", response.total},
          {"page", response.page},
          {"per_page", response.per_page},
          {"took_ms", round2(response.took_ms)},
          {"hits", std::move(hits)}};
}

nlohmann::json to_json(const Error& error) { return {{"error", error.message}}; }

}  // namespace kavosh
