#include "kavosh/search/request.h"

#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

// The error for an integer parameter outside [low, high], if it is.
std::optional<Error> check_range(const char* name, int value, int low, int high,
                                 const std::string& unit = "") {
  if (value >= low && value <= high) return std::nullopt;
  std::string message = "parameter '" + std::string(name) + "' must be between ";
  message += std::to_string(low) + " and " + std::to_string(high) + unit;
  return Error::bad_param(name, "invalid", std::move(message));
}

}  // namespace

namespace {

template <typename E>
struct Named {
  E value;
  std::string_view name;
};

constexpr Named<SortOrder> kSortNames[] = {{SortOrder::kRelevance, "relevance"},
                                           {SortOrder::kNewest, "newest"},
                                           {SortOrder::kOldest, "oldest"},
                                           {SortOrder::kRecent, "recent"}};
constexpr Named<Facet> kFacetNames[] = {
    {Facet::kSource, "source"}, {Facet::kCategory, "category"}, {Facet::kMonth, "month"}};

template <typename E, std::size_t N>
std::string_view name_of(const Named<E> (&names)[N], E value) {
  for (const Named<E>& n : names) {
    if (n.value == value) return n.name;
  }
  return names[0].name;
}

template <typename E, std::size_t N>
std::optional<E> value_of(const Named<E> (&names)[N], std::string_view name) {
  for (const Named<E>& n : names) {
    if (n.name == name) return n.value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view sort_name(SortOrder sort) { return name_of(kSortNames, sort); }
std::optional<SortOrder> sort_from_name(std::string_view name) {
  return value_of(kSortNames, name);
}
std::string_view facet_name(Facet facet) { return name_of(kFacetNames, facet); }
std::optional<Facet> facet_from_name(std::string_view name) { return value_of(kFacetNames, name); }

std::optional<Error> check_text_param(const std::string& name, const std::string& value,
                                      std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    return Error::bad_param(name, "too_long",
                            "parameter '" + name + "' is too long (" +
                                std::to_string(value.size()) + " bytes; at most " +
                                std::to_string(max_bytes) + ")");
  }
  if (!is_valid_utf8(value)) {
    return Error::bad_param(name, "not_utf8", "parameter '" + name + "' is not valid UTF-8");
  }
  return std::nullopt;
}

Result<ValidatedRequest> validate(SearchRequest r) {
  using R = SearchRequest;
  if (auto e = check_text_param("q", r.query, R::kMaxQueryBytes)) return *e;
  if (auto e = check_range("page", r.page, 1, R::kMaxPage)) return *e;
  if (auto e = check_range("per_page", r.per_page, 1, R::kMaxPerPage)) return *e;
  if (auto e = check_range("snippet_len", r.snippet_len, R::kMinSnippetChars, R::kMaxSnippetChars,
                           " characters")) {
    return *e;
  }
  if (auto e = check_range("snippets", r.snippets, 1, R::kMaxSnippets)) return *e;
  if (r.sources.size() > R::kMaxSources) {
    return Error::bad_param(
        "source", "repeated",
        "parameter 'source' is repeated more than " + std::to_string(R::kMaxSources) + " times");
  }
  auto bad_name = [](const std::string& name, const std::string& value) -> std::optional<Error> {
    if (!check_text_param(name, value, R::kMaxFilterBytes)) return std::nullopt;
    const bool too_long = value.size() > R::kMaxFilterBytes;
    return Error::bad_param(name, too_long ? "too_long" : "not_utf8",
                            "parameter '" + name + "' must be a name of at most " +
                                std::to_string(R::kMaxFilterBytes) + " bytes of UTF-8");
  };
  for (const std::string& source : r.sources) {
    if (auto e = bad_name("source", source)) return *e;
  }
  if (auto e = bad_name("category", r.category)) return *e;
  for (std::size_t i = 0; i < r.facets.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (r.facets[i] == r.facets[j]) {
        return Error::bad_param(
            "facets", "repeated",
            "parameter 'facets' names '" + std::string(facet_name(r.facets[i])) + "' twice");
      }
    }
  }
  Result<Filters> filters = build_filters(r.sources, r.category, r.from, r.to);
  if (!filters.ok()) return filters.error();
  return ValidatedRequest{std::move(r), std::move(filters).value()};
}

}  // namespace kavosh
