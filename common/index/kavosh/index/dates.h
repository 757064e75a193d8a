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

// Days from 1970-01-01 to the day of a canonical date (parse_date()'s
// "YYYY-MM-DD..." form); nullopt for anything else.
std::optional<int> day_number(std::string_view iso);

// The canonical date of a sort key ("20260106093000" -> "2026-01-06T09:30:00",
// "20260106000000" -> "2026-01-06"); empty when `key` is not 14 digits.
std::string date_of_sort_key(std::string_view key);

// ---- Solar Hijri (Jalali) months, through ICU's Persian calendar ----

// A month of the Solar Hijri calendar: year 1404, month 1 (فروردین) to 12 (اسفند).
struct JalaliMonth {
  int year = 0;
  int month = 0;
  bool operator==(const JalaliMonth& o) const { return year == o.year && month == o.month; }
};

// The Jalali month of the calendar day a canonical date names, as written (a
// UTC time is taken on its UTC day, a local time on its local day, the way
// date_sort_key orders them). nullopt for anything parse_date() did not return.
std::optional<JalaliMonth> jalali_month_of(std::string_view iso);

// "1404-10": sortable year-month, the form schema::kSlotMonth stores.
std::string month_key(const JalaliMonth& month);
// The month of a month_key(); nullopt for any other text.
std::optional<JalaliMonth> parse_month_key(std::string_view key);

// "دی ۱۴۰۴": the Persian month name, a space, the year in Persian digits.
std::string month_label(const JalaliMonth& month);

// The first and the last day of the month in the Gregorian calendar, ISO
// ("2025-12-22", "2026-01-20" for دی ۱۴۰۴).
struct DateRange {
  std::string from, to;
};
DateRange month_range(const JalaliMonth& month);

}  // namespace kavosh
