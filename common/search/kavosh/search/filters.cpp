#include "kavosh/search/filters.h"

#include <optional>
#include <tuple>

#include "kavosh/index/dates.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"

namespace kavosh {

Result<Filters> build_filters(const std::vector<std::string>& sources, const std::string& category,
                              const std::string& from, const std::string& to) {
  Filters f;
  std::vector<Xapian::Query> parts;
  std::vector<Xapian::Query> any_source;
  for (const std::string& s : sources) {
    if (normalize_filter_value(s).empty()) continue;
    any_source.emplace_back(source_term(s));
    f.sources.push_back(s);
  }
  if (!any_source.empty()) {
    parts.emplace_back(Xapian::Query::OP_OR, any_source.begin(), any_source.end());
  }
  if (!normalize_filter_value(category).empty()) {
    parts.emplace_back(category_term(category));
    f.category = category;
  }

  std::string low, high;
  for (auto [name, raw, out, key] :
       {std::make_tuple("from", &from, &f.from, &low), std::make_tuple("to", &to, &f.to, &high)}) {
    if (raw->find_first_not_of(" \t") == std::string::npos) continue;
    const std::optional<std::string> iso = parse_date(*raw);
    if (!iso) {
      return Error::bad_param(
          name, "invalid",
          std::string("parameter '") + name + "' is not a date: '" + raw->substr(0, 40) +
              "' (write it as 2026-01-06 or as a Solar Hijri date, 1404/10/16)");
    }
    *out = *iso;
    *key = date_sort_key(*iso);
  }
  // A `to` without a time is the end of that day.
  if (!high.empty() && f.to.size() == 10) high.replace(8, 6, "235959");
  if (!low.empty() && !high.empty() && low > high) {
    return Error::bad_param(
        "from", "date_order",
        "parameter 'from' (" + f.from + ") is after parameter 'to' (" + f.to + ")");
  }
  if (!low.empty() && !high.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, low, high);
  } else if (!low.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, low);
  } else if (!high.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, high);
  }
  if (!parts.empty()) f.query = Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  return f;
}

}  // namespace kavosh
