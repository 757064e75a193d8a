// Text helpers of the readers: UTF-8 validation, trimming, URL fields, titles.
#include <cstdio>

#include "kavosh/util/utf8.h"
#include "readers/internal.h"

namespace kavosh::ingest::detail {

std::string text_position(std::string_view text, std::size_t offset, std::uint64_t first_line,
                          std::uint64_t first_column) {
  offset = std::min(offset, text.size());
  const std::size_t line_start =
      offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::uint64_t line = first_line + count_newlines(text.data(), offset);
  std::uint64_t column = 0;  // not known
  if (line_start != std::string_view::npos) {
    column = offset - line_start;
  } else if (first_column > 0) {
    column = first_column + offset;
  }
  std::string out = "line " + std::to_string(line);
  if (column > 0) out += ", byte " + std::to_string(column) + " of the line";
  return out;
}

std::string utf8_problem(std::string_view text, std::size_t offset, std::uint64_t first_line,
                         std::uint64_t first_column) {
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X",
                static_cast<unsigned>(static_cast<unsigned char>(text[offset])));
  return std::string("invalid UTF-8: byte ") + byte + " at " +
         text_position(text, offset, first_line, first_column);
}

std::string message_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 3);
  while (!text.empty() && out.size() < max_bytes) {
    // Looking 4 bytes past the budget: a character cut by the window starts after it.
    const std::size_t bad = find_invalid_utf8(text.substr(0, max_bytes - out.size() + 4));
    const std::size_t good =
        std::min(bad == kValidUtf8 ? text.size() : bad, max_bytes - out.size());
    std::size_t take = good;
    // Do not end inside a character.
    if (take < text.size() && take < bad) {
      while (take > 0 && is_utf8_continuation(static_cast<unsigned char>(text[take]))) --take;
    }
    out.append(text.substr(0, take));
    text.remove_prefix(take);
    if (take == bad && !text.empty()) {
      out += '?';
      text.remove_prefix(1);
    } else if (take < good || out.size() >= max_bytes) {
      break;
    }
  }
  if (!text.empty()) out += "...";
  return out;
}

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return trim_right(s);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

namespace {

// Scheme-relative parts of a URL: [host begin, host end) and the path's end.
struct UrlParts {
  std::string_view host;
  std::string_view path;  // from the first '/' after the host, without query or fragment
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  const std::size_t scheme = url.find("://");
  std::size_t host_begin = 0;
  if (scheme != std::string_view::npos) {
    host_begin = scheme + 3;
    const std::size_t host_end = url.find_first_of("/?#", host_begin);
    parts.host = url.substr(host_begin, host_end == std::string_view::npos ? std::string_view::npos
                                                                           : host_end - host_begin);
    host_begin = host_end == std::string_view::npos ? url.size() : host_end;
  }
  std::string_view rest = url.substr(host_begin);
  parts.path = rest.substr(0, rest.find_first_of("?#"));
  return parts;
}

// A plausible Solar Hijri month and day.
bool valid_jalali(int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= (month <= 6 ? 31 : 30);
}

std::string jalali_text(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", year, month, day);
  return buf;
}

}  // namespace

std::string url_host(std::string_view url) {
  std::string_view host = split_url(url).host;
  if (std::size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  host = host.substr(0, host.find(':'));
  std::string out(host);
  for (char& c : out) c = ascii_lower(c);
  if (out.compare(0, 4, "www.") == 0) out.erase(0, 4);
  return out;
}

// Three shapes, all in the path (a query string may carry Unix times):
//  - a run of 12+ digits starting 13YYMMDD or 14YYMMDD followed by a serial
//    (Fars News since 1391: /news/13911222000865/..., ISNA: /news/1402121510047/);
//  - a run of exactly 10 digits YYMMDDNNNN with YY 80..99, i.e. 1380-1399
//    (Fars News' older links: /news/8707060255);
//  - /13YY/MM/DD/ path segments (Tasnim-style links).
// Shorter runs are ordinary ids (varzesh3.com/news/1392980) and are ignored.
std::string url_jalali_date(std::string_view url) {
  const std::string_view path = split_url(url).path;
  std::size_t i = 0;
  while (i < path.size()) {
    if (!is_digit(path[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < path.size() && is_digit(path[j])) ++j;
    const std::string_view run = path.substr(i, j - i);
    const bool century = run.compare(0, 2, "13") == 0 || run.compare(0, 2, "14") == 0;
    if (run.size() >= 12 && century) {
      const int month = digits_value(run.substr(4, 2)), day = digits_value(run.substr(6, 2));
      if (valid_jalali(month, day)) return jalali_text(digits_value(run.substr(0, 4)), month, day);
    } else if (run.size() == 10) {
      const int yy = digits_value(run.substr(0, 2));
      const int month = digits_value(run.substr(2, 2)), day = digits_value(run.substr(4, 2));
      if (yy >= 80 && valid_jalali(month, day)) return jalali_text(1300 + yy, month, day);
    } else if (run.size() == 4 && century && i > 0 && path[i - 1] == '/' && j < path.size() &&
               path[j] == '/') {
      // /YYYY/M/D or /YYYY/MM/DD followed by '/' or the end.
      std::size_t k = j + 1, m_end = k;
      while (m_end < path.size() && is_digit(path[m_end]) && m_end - k < 3) ++m_end;
      if (m_end > k && m_end - k <= 2 && m_end < path.size() && path[m_end] == '/') {
        std::size_t d = m_end + 1, d_end = d;
        while (d_end < path.size() && is_digit(path[d_end]) && d_end - d < 3) ++d_end;
        if (d_end > d && d_end - d <= 2 && (d_end == path.size() || path[d_end] == '/')) {
          const int month = digits_value(path.substr(k, m_end - k));
          const int day = digits_value(path.substr(d, d_end - d));
          if (valid_jalali(month, day)) return jalali_text(digits_value(run), month, day);
        }
      }
    }
    i = j;
  }
  return {};
}

std::string first_sentence(std::string_view text) {
  text = trim(text);
  constexpr std::size_t kMaxChars = 200;
  std::size_t end = text.size();
  bool cut = false;  // stopped by the length limit, not by punctuation
  std::size_t chars = 0, last_space = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!is_utf8_continuation(static_cast<unsigned char>(c))) ++chars;  // a code point starts
    if (c == '\n') {
      end = i;
      break;
    }
    const bool next_is_end = i + 1 == text.size() || is_space(text[i + 1]);
    if ((c == '.' || c == '!' || c == '?') && next_is_end) {
      end = c == '.' ? i : i + 1;  // keep '!' and '?', drop the full stop
      break;
    }
    // U+061F ARABIC QUESTION MARK (D8 9F)
    if (c == '\xD8' && i + 1 < text.size() && text[i + 1] == '\x9F' &&
        (i + 2 == text.size() || is_space(text[i + 2]))) {
      end = i + 2;
      break;
    }
    if (c == ' ') last_space = i;
    if (chars > kMaxChars) {
      end = last_space != std::string_view::npos ? last_space : i;
      // Never cut inside a UTF-8 sequence.
      while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      cut = true;
      break;
    }
  }
  std::string out(trim(text.substr(0, end)));
  if (cut) out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return out;
}

}  // namespace kavosh::ingest::detail
