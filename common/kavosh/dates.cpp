#include "kavosh/dates.h"

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
