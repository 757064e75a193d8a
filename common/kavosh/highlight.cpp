#include "kavosh/highlight.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace kavosh {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Code point index of every token's start and end, in one pass over `text`.
struct CharOffsets {
  std::vector<std::size_t> start, end;
};

CharOffsets char_offsets(std::string_view text, const std::vector<Token>& tokens) {
  CharOffsets out;
  out.start.reserve(tokens.size());
  out.end.reserve(tokens.size());
  std::size_t byte = 0, chars = 0;
  auto advance_to = [&](std::size_t target) {
    for (; byte < target && byte < text.size(); ++byte) {
      if (!is_continuation(static_cast<unsigned char>(text[byte]))) ++chars;
    }
    return chars;
  };
  for (const Token& t : tokens) {
    out.start.push_back(advance_to(t.start));
    out.end.push_back(advance_to(t.end));
  }
  return out;
}

// True when the text between two words ends a sentence: . ! ? and their
// Persian/Arabic forms, the ellipsis, or a line break.
bool ends_sentence(std::string_view gap) {
  static constexpr std::string_view kEnders[] = {
      ".",
      "!",
      "?",
      "\n",
      "\xD8\x9F",      // U+061F ARABIC QUESTION MARK
      "\xD8\x9B",      // U+061B ARABIC SEMICOLON
      "\xDB\x94",      // U+06D4 ARABIC FULL STOP
      "\xE2\x80\xA6",  // U+2026 HORIZONTAL ELLIPSIS
  };
  for (std::string_view e : kEnders) {
    if (gap.find(e) != std::string_view::npos) return true;
  }
  return false;
}

bool only_spaces(std::string_view gap) {
  for (unsigned char c : gap) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

// Trailing punctuation that belongs with the last word of a passage (up to the
// next space), e.g. the full stop after it.
std::size_t extend_over_punctuation(std::string_view text, std::size_t pos, std::size_t limit) {
  while (pos < limit && text[pos] != ' ' && text[pos] != '\n' && text[pos] != '\t') ++pos;
  return pos;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Highlighter::render(std::string_view text, const std::vector<Token>& tokens,
                                std::size_t first, std::size_t last, std::size_t from,
                                std::size_t to) const {
  std::string out;
  std::size_t cursor = from;
  bool open = false;
  for (std::size_t i = first; i < last; ++i) {
    const Token& t = tokens[i];
    if (!matches(t)) continue;
    // Join with the previous mark when only spaces separate the two words.
    if (open && only_spaces(text.substr(cursor, t.start - cursor))) {
      out += html_escape(text.substr(cursor, t.end - cursor));
      cursor = t.end;
      continue;
    }
    if (open) out += "</mark>";
    out += html_escape(text.substr(cursor, t.start - cursor));
    out += "<mark>";
    out += html_escape(text.substr(t.start, t.end - t.start));
    cursor = t.end;
    open = true;
  }
  if (open) out += "</mark>";
  out += html_escape(text.substr(cursor, to - cursor));
  return out;
}

std::string Highlighter::mark_all(std::string_view text, const std::vector<Token>& tokens) const {
  return render(text, tokens, 0, tokens.size(), 0, text.size());
}

std::string Highlighter::snippet(std::string_view text, const std::vector<Token>& tokens,
                                 std::size_t max_chars) const {
  if (tokens.empty() || max_chars == 0) return std::string();
  const CharOffsets co = char_offsets(text, tokens);

  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (matches(tokens[i])) hits.push_back(i);
  }

  std::size_t b = 0;  // first token of the passage
  if (!hits.empty()) {
    // Best window of matches that fits in max_chars: most distinct words, then
    // most exact forms, then most matches.
    std::size_t best_first = 0, best_last = 0;
    std::tuple<std::size_t, std::size_t, std::size_t> best{0, 0, 0};
    for (std::size_t i = 0; i < hits.size(); ++i) {
      std::set<std::string_view> distinct;
      std::size_t exact = 0;
      std::size_t j = i;
      for (; j < hits.size() && co.end[hits[j]] - co.start[hits[i]] <= max_chars; ++j) {
        distinct.insert(tokens[hits[j]].stem);
        exact += matches_exactly(tokens[hits[j]]) ? 1 : 0;
      }
      const std::size_t count = std::max<std::size_t>(j - i, 1);
      const std::tuple<std::size_t, std::size_t, std::size_t> score{distinct.size(), exact, count};
      if (score > best) {
        best = score;
        best_first = hits[i];
        best_last = hits[i + count - 1];
      }
    }
    // Give the words before the first match up to half the spare room, and
    // stop early at a sentence start.
    const std::size_t core = co.end[best_last] - co.start[best_first];
    const std::size_t lead_room = core < max_chars ? (max_chars - core) / 2 : 0;
    b = best_first;
    while (b > 0 && co.start[best_first] - co.start[b - 1] <= lead_room &&
           !ends_sentence(text.substr(tokens[b - 1].end, tokens[b].start - tokens[b - 1].end))) {
      --b;
    }
  }
  // Extend forward as far as max_chars allows (always at least one word).
  std::size_t e = b;
  while (e + 1 < tokens.size() && co.end[e + 1] - co.start[b] <= max_chars) ++e;
  // Prefer to end at a sentence end in the last third, never before the last
  // match of the window.
  std::size_t keep = b;
  for (std::size_t h : hits) {
    if (h <= e) keep = std::max(keep, h);
  }
  for (std::size_t k = e; k >= keep && k > b; --k) {
    if (co.end[k] - co.start[b] < (max_chars * 2) / 3) break;
    const std::size_t gap_end = k + 1 < tokens.size() ? tokens[k + 1].start : text.size();
    if (ends_sentence(text.substr(tokens[k].end, gap_end - tokens[k].end))) {
      e = k;
      break;
    }
  }

  const std::size_t next_start = e + 1 < tokens.size() ? tokens[e + 1].start : text.size();
  const std::size_t from = (b == 0) ? 0 : tokens[b].start;
  const std::size_t to = extend_over_punctuation(text, tokens[e].end, next_start);

  std::string out;
  if (b > 0) out.append(kEllipsis).push_back(' ');
  std::string body = render(text, tokens, b, e + 1, from, to);
  // Trim leading whitespace of the lead.
  std::size_t lead = body.find_first_not_of(" \t\r\n");
  out += (lead == std::string::npos) ? std::string() : body.substr(lead);
  if (e + 1 < tokens.size()) out.append(" ").append(kEllipsis);
  return out;
}

}  // namespace kavosh
