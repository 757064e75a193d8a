#include "kavosh/search/facets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "kavosh/index/dates.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"

namespace kavosh {

namespace {

Xapian::valueno facet_slot(Facet facet) {
  switch (facet) {
    case Facet::kSource:
      return schema::kSlotSource;
    case Facet::kCategory:
      return schema::kSlotCategory;
    case Facet::kMonth:
      return schema::kSlotMonth;
  }
  return schema::kSlotSource;
}

// `s` without leading and trailing whitespace.
std::string trimmed(const std::string& s) {
  const std::size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return {};
  return s.substr(start, s.find_last_not_of(" \t\r\n") - start + 1);
}

}  // namespace

std::vector<FacetValue> facet_values(Facet facet, const Xapian::ValueCountMatchSpy& spy,
                                     double scale) {
  auto scaled = [scale](Xapian::doccount n) {
    return static_cast<std::uint64_t>(std::llround(static_cast<double>(n) * scale));
  };
  std::vector<FacetValue> out;
  if (facet == Facet::kMonth) {
    for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
      const std::optional<JalaliMonth> month = parse_month_key(*it);
      if (!month) continue;
      const DateRange range = month_range(*month);
      out.push_back({*it, month_label(*month), range.from, range.to, scaled(it.get_termfreq())});
    }
    std::sort(out.begin(), out.end(),
              [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
  } else {
    struct Group {
      std::string shown;
      Xapian::doccount shown_count = 0;
      Xapian::doccount count = 0;
    };
    std::map<std::string, Group> groups;
    for (Xapian::TermIterator it = spy.values_begin(); it != spy.values_end(); ++it) {
      const std::string key = normalize_filter_value(*it);
      if (key.empty()) continue;
      Group& g = groups[key];
      const Xapian::doccount n = it.get_termfreq();
      g.count += n;
      if (n > g.shown_count) {
        g.shown = trimmed(*it);
        g.shown_count = n;
      }
    }
    for (const auto& [key, g] : groups) out.push_back({g.shown, "", "", "", scaled(g.count)});
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  }
  if (out.size() > kMaxFacetValues) out.resize(kMaxFacetValues);
  return out;
}

FacetSpies::FacetSpies(const std::vector<Facet>& facets) : facets_(facets) {
  for (Facet f : facets_) {
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(f)));
  }
}

void FacetSpies::attach(std::vector<Xapian::MatchSpy*>& spies) const {
  for (const auto& spy : spies_) spies.push_back(spy.get());
}

std::vector<FacetCounts> FacetSpies::counts(std::uint64_t total) const {
  std::vector<FacetCounts> out;
  for (std::size_t i = 0; i < spies_.size(); ++i) {
    const double seen = static_cast<double>(spies_[i]->get_total());
    const double scale = seen > 0 ? std::max(1.0, static_cast<double>(total) / seen) : 1.0;
    out.push_back({facets_[i], facet_values(facets_[i], *spies_[i], scale)});
  }
  return out;
}

}  // namespace kavosh
