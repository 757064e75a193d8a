// Publication dates: parsing what dumps contain into one canonical form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kavosh {

// Parses a date as found in news dumps and returns it in canonical ISO 8601:
// "YYYY-MM-DD" for a date alone, "YYYY-MM-DDTHH:MM:SS" for a local time, and
// "YYYY-MM-DDTHH:MM:SSZ" when the input carried a zone (converted to UTC).
// Accepted: "2025-11-03", "2025-11-03 09:30", "2025-11-03 09:30:00",
// "2025-11-03T09:30:00", with "Z" or "+03:30"-style offsets, fractions of a
// second (dropped), in ASCII, Persian or Arabic-Indic digits. Solar Hijri
// (Jalali) dates such as "1381/10/11" or "۱۴۰۴/۱۰/۱۶" (any year before 1700)
// are converted to Gregorian through ICU's Persian calendar.
// Returns nullopt for anything else or for an impossible date (2025-02-30).
std::optional<std::string> parse_date(std::string_view text);

// The sortable value stored for a canonical date: "YYYYMMDDHHMMSS".
// REQUIRES: `iso` was returned by parse_date().
std::string date_sort_key(std::string_view iso);

}  // namespace kavosh
