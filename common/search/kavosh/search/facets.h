// Facet counts: how many matches of a query have each source, category or
// Solar Hijri month, counted by Xapian match spies on the value slots.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kavosh/search/request.h"

namespace kavosh {

// Values per facet: the most frequent sources and categories, the newest months.
inline constexpr std::size_t kMaxFacetValues = 50;

struct FacetValue {
  std::string value;     // a source or category name; for months, the key "1404-10"
  std::string label;     // months: "دی ۱۴۰۴"
  std::string from, to;  // months: its first and last day, Gregorian ISO
  std::uint64_t count = 0;
};

struct FacetCounts {
  Facet facet = Facet::kSource;
  std::vector<FacetValue> values;
};

// The spies of the requested facets, in the order asked.
class FacetSpies {
 public:
  explicit FacetSpies(const std::vector<Facet>& facets);
  // Adds every spy to `spies` (MatchOptions::spies). REQUIRES: this outlives the match.
  void attach(std::vector<Xapian::MatchSpy*>& spies) const;
  // The counts, scaled up to `total` matches when the spies saw fewer
  // (beyond check_at_least the matcher examines only part of them).
  std::vector<FacetCounts> counts(std::uint64_t total) const;

 private:
  std::vector<Facet> facets_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

// The values a facet's spy counted: sources and categories merged by their
// normalized name (shown as their most frequent spelling) and the most
// frequent first; months newest first, with label and Gregorian range.
// Counts are multiplied by `scale` (matches per match examined).
std::vector<FacetValue> facet_values(Facet facet, const Xapian::ValueCountMatchSpy& spy,
                                     double scale);

}  // namespace kavosh
