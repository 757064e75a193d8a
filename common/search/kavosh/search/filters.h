// The filters of a request as one boolean Xapian query: sources (any of
// them), a category, and a publication date range.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "kavosh/util/status.h"

namespace kavosh {

struct Filters {
  Xapian::Query query;               // empty: no filter
  std::vector<std::string> sources;  // the non-empty source names, as given
  std::string category;              // as given; empty when none
  std::string from, to;              // ISO dates (parse_date), empty when open
};

// The filters of the given sources, category and dates (any form
// parse_date() reads; blank is open). A bad date is an error naming its
// parameter `from` or `to` (code "invalid"), and `from` after `to` one
// naming `from` (code "date_order").
Result<Filters> build_filters(const std::vector<std::string>& sources, const std::string& category,
                              const std::string& from, const std::string& to);

}  // namespace kavosh
