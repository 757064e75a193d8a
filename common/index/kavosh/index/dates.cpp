#include "kavosh/index/dates.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <cstdio>
#include <ctime>
#include <memory>

#include "kavosh/analysis/char_filter.h"

namespace kavosh {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap(y)) ? 29 : kDays[m - 1];
}

// Reads exactly `n` ASCII digits at `pos`.
bool read_int(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    char c = s[pos + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Years below this are Solar Hijri (Jalali): news archives date articles
// 13YY/14YY; no Gregorian news date is that old.
constexpr int kFirstGregorianYear = 1700;

// Converts a Solar Hijri date to Gregorian through ICU's Persian calendar.
// Returns false for a date that does not exist (1404/12/31).
bool jalali_to_gregorian(int jy, int jm, int jd, int& y, int& m, int& d) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> persian(icu::Calendar::createInstance(
      icu::TimeZone::getGMT()->clone(), icu::Locale("fa_IR@calendar=persian"), status));
  if (U_FAILURE(status)) return false;
  persian->setLenient(false);
  persian->clear();
  persian->set(jy, jm - 1, jd, 12, 0, 0);
  const UDate when = persian->getTime(status);
  if (U_FAILURE(status)) return false;
  icu::GregorianCalendar gregorian(icu::TimeZone::getGMT()->clone(), status);
  if (U_FAILURE(status)) return false;
  gregorian.setTime(when, status);
  y = gregorian.get(UCAL_YEAR, status);
  m = gregorian.get(UCAL_MONTH, status) + 1;
  d = gregorian.get(UCAL_DATE, status);
  return U_SUCCESS(status);
}

// Converts a Gregorian date to Solar Hijri through ICU's Persian calendar.
bool gregorian_to_jalali(int y, int m, int d, int& jy, int& jm, int& jd) {
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar gregorian(icu::TimeZone::getGMT()->clone(), status);
  if (U_FAILURE(status)) return false;
  gregorian.clear();
  gregorian.set(y, m - 1, d, 12, 0, 0);
  const UDate when = gregorian.getTime(status);
  if (U_FAILURE(status)) return false;
  std::unique_ptr<icu::Calendar> persian(icu::Calendar::createInstance(
      icu::TimeZone::getGMT()->clone(), icu::Locale("fa_IR@calendar=persian"), status));
  if (U_FAILURE(status)) return false;
  persian->setTime(when, status);
  jy = persian->get(UCAL_YEAR, status);
  jm = persian->get(UCAL_MONTH, status) + 1;
  jd = persian->get(UCAL_DATE, status);
  return U_SUCCESS(status);
}

std::string iso_day(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// The day before y-m-d, ISO.
std::string day_before(int y, int m, int d) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d - 1;  // timegm normalizes day 0 to the last day of the month before
  tm.tm_hour = 12;
  const std::time_t t = timegm(&tm);
  std::tm out{};
  gmtime_r(&t, &out);
  return iso_day(out.tm_year + 1900, out.tm_mon + 1, out.tm_mday);
}

// The month names of the Solar Hijri calendar, as ICU's fa locale writes them.
constexpr const char* kJalaliMonthNames[12] = {
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر",     "آبان",     "آذر",   "دی",  "بهمن",  "اسفند",
};

// ASCII digits to EXTENDED ARABIC-INDIC DIGITs (U+06F0..U+06F9, Persian).
std::string persian_digits(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xDB";
      out.push_back(static_cast<char>(0xB0 + (c - '0')));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> parse_date(std::string_view text) {
  // The analyzer's folding turns Persian and Arabic-Indic digits into ASCII.
  std::string folded = normalize_string(text);
  std::string_view s = folded;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);

  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  // Date part: YYYY-MM-DD, or YYYY/MM/DD; month and day may have one digit
  // when slashes are used (1381/9/5).
  if (!read_int(s, pos, 4, y) || pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) {
    return std::nullopt;
  }
  const char sep = s[pos++];
  const std::size_t min_digits = sep == '/' ? 1 : 2;
  auto read_part = [&](int& out) {
    std::size_t digits = 0;
    int v = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && digits < 2) {
      v = v * 10 + (s[pos++] - '0');
      ++digits;
    }
    out = v;
    return digits >= min_digits;
  };
  if (!read_part(mo) || !expect(s, pos, sep) || !read_part(d)) return std::nullopt;
  if (y < kFirstGregorianYear) {
    if (y < 1200 || mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    if (!jalali_to_gregorian(y, mo, d, y, mo, d)) return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;

  char buf[96];
  if (pos == s.size()) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    return std::string(buf);
  }
  // Case folding lower-cased a "T" separator.
  if (!expect(s, pos, ' ') && !expect(s, pos, 't')) return std::nullopt;
  if (!read_int(s, pos, 2, h) || !expect(s, pos, ':') || !read_int(s, pos, 2, mi)) {
    return std::nullopt;
  }
  if (expect(s, pos, ':') && !read_int(s, pos, 2, sec)) return std::nullopt;
  if (expect(s, pos, '.')) {
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (sec == 60) sec = 59;

  bool zoned = false;
  int offset_minutes = 0;
  if (expect(s, pos, 'z')) {
    zoned = true;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_int(s, pos, 2, oh)) return std::nullopt;
    expect(s, pos, ':');
    if (pos < s.size() && !read_int(s, pos, 2, om)) return std::nullopt;
    if (oh > 14 || om > 59) return std::nullopt;
    zoned = true;
    offset_minutes = sign * (oh * 60 + om);
  }
  if (pos != s.size()) return std::nullopt;

  if (zoned) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi - offset_minutes;
    tm.tm_sec = sec;
    const std::time_t t = timegm(&tm);  // normalizes the minute overflow
    std::tm utc{};
    gmtime_r(&t, &utc);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, sec);
  }
  return std::string(buf);
}

std::string date_sort_key(std::string_view iso) {
  std::string key;
  key.reserve(14);
  for (char c : iso) {
    if (c >= '0' && c <= '9') key.push_back(c);
  }
  key.resize(14, '0');
  return key;
}

}  // namespace kavosh

namespace kavosh {

std::optional<int> day_number(std::string_view iso) {
  std::size_t pos = 0;
  int y = 0, m = 0, d = 0;
  if (!read_int(iso, pos, 4, y) || !expect(iso, pos, '-') || !read_int(iso, pos, 2, m) ||
      !expect(iso, pos, '-') || !read_int(iso, pos, 2, d) || m < 1 || m > 12 || d < 1 ||
      d > days_in_month(y, m) || y < 1) {
    return std::nullopt;
  }
  // Leap days in the years before `year` (from year 1).
  auto leaps_before = [](int year) { return (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400; };
  int days = 365 * (y - 1970) + leaps_before(y) - leaps_before(1970);
  for (int month = 1; month < m; ++month) days += days_in_month(y, month);
  return days + d - 1;
}

std::string date_of_sort_key(std::string_view key) {
  if (key.size() != 14 || key.find_first_not_of("0123456789") != std::string_view::npos) return {};
  std::string out;
  out.append(key.substr(0, 4)).append("-").append(key.substr(4, 2)).append("-");
  out.append(key.substr(6, 2));
  if (key.substr(8) == "000000") return out;
  out.append("T").append(key.substr(8, 2)).append(":").append(key.substr(10, 2)).append(":");
  out.append(key.substr(12, 2));
  return out;
}

std::optional<JalaliMonth> jalali_month_of(std::string_view iso) {
  std::size_t pos = 0;
  int y = 0, m = 0, d = 0;
  if (!read_int(iso, pos, 4, y) || !expect(iso, pos, '-') || !read_int(iso, pos, 2, m) ||
      !expect(iso, pos, '-') || !read_int(iso, pos, 2, d)) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  int jy = 0, jm = 0, jd = 0;
  if (!gregorian_to_jalali(y, m, d, jy, jm, jd)) return std::nullopt;
  return JalaliMonth{jy, jm};
}

std::string month_key(const JalaliMonth& month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month.year, month.month);
  return buf;
}

std::optional<JalaliMonth> parse_month_key(std::string_view key) {
  std::size_t pos = 0;
  JalaliMonth m;
  if (!read_int(key, pos, 4, m.year) || !expect(key, pos, '-') || !read_int(key, pos, 2, m.month) ||
      pos != key.size() || m.month < 1 || m.month > 12) {
    return std::nullopt;
  }
  return m;
}

std::string month_label(const JalaliMonth& month) {
  if (month.month < 1 || month.month > 12) return persian_digits(std::to_string(month.year));
  return std::string(kJalaliMonthNames[month.month - 1]) + " " +
         persian_digits(std::to_string(month.year));
}

DateRange month_range(const JalaliMonth& month) {
  int y = 0, m = 0, d = 0;
  DateRange range;
  if (jalali_to_gregorian(month.year, month.month, 1, y, m, d)) range.from = iso_day(y, m, d);
  const int next_year = month.month == 12 ? month.year + 1 : month.year;
  const int next_month = month.month == 12 ? 1 : month.month + 1;
  if (jalali_to_gregorian(next_year, next_month, 1, y, m, d)) range.to = day_before(y, m, d);
  return range;
}

}  // namespace kavosh
