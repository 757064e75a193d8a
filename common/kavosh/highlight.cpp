#include "kavosh/highlight.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <tuple>

namespace kavosh {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Code point index of every token's start and end, in one pass over `text`.
struct CharOffsets {
  std::vector<std::size_t> start, end;
};

// Code points in s[0, n): bytes that do not continue a UTF-8 sequence.
std::size_t count_chars(const char* s, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < n; ++i) chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return chars;
}

std::size_t count_chars(std::string_view s) { return count_chars(s.data(), s.size()); }

// Differences are exact between tokens of one stretch; text left out at a
// break (see Highlighter::snippet) is not counted.
CharOffsets char_offsets(std::string_view text, const std::vector<Token>& tokens,
                         const std::vector<std::size_t>& breaks) {
  CharOffsets out;
  out.start.reserve(tokens.size());
  out.end.reserve(tokens.size());
  std::size_t byte = 0, chars = 0;
  auto advance_to = [&](std::size_t target) {
    target = std::min(target, text.size());
    if (target > byte) {
      chars += count_chars(text.data() + byte, target - byte);
      byte = target;
    }
    return chars;
  };
  auto next_break = breaks.begin();
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    while (next_break != breaks.end() && *next_break < k) ++next_break;
    if (next_break != breaks.end() && *next_break == k && t.start > byte) {
      byte = t.start;  // a stretch left out: one character, uncounted
      ++chars;
    }
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

// True when only spaces and ZWNJ separate two words: they read as one phrase.
bool joins_words(std::string_view gap) {
  static constexpr std::string_view kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER
  static constexpr std::string_view kNbsp = "\xC2\xA0";      // U+00A0 NO-BREAK SPACE
  while (!gap.empty()) {
    if (gap[0] == ' ' || gap[0] == '\t') {
      gap.remove_prefix(1);
    } else if (gap.substr(0, kZwnj.size()) == kZwnj) {
      gap.remove_prefix(kZwnj.size());
    } else if (gap.substr(0, kNbsp.size()) == kNbsp) {
      gap.remove_prefix(kNbsp.size());
    } else {
      return false;
    }
  }
  return true;
}

// Punctuation that opens (« ( [ and quotes): kept with the word after it.
bool is_opening(UChar32 c) {
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION || c == '"' || c == '\'';
}

// Punctuation that closes or ends (» ) . ، ؛ ؟ and quotes): kept with the word before it.
bool is_closing(UChar32 c) { return u_ispunct(c) && (c == '"' || c == '\'' || !is_opening(c)); }

// Moves `from` back over opening punctuation written against the word, down
// to `limit`, by at most `budget` code points (decreased by those taken).
std::size_t extend_back(std::string_view text, std::size_t from, std::size_t limit,
                        std::size_t& budget) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (from > limit && budget > 0) {
    // The code point that ends at `from` (U8_PREV would need an old-style cast).
    std::size_t lead = from - 1;
    while (lead > limit && from - lead < 4 &&
           is_continuation(static_cast<unsigned char>(text[lead]))) {
      --lead;
    }
    auto i = static_cast<int32_t>(lead);
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(from), c);
    if (static_cast<std::size_t>(i) != from || c < 0 || !is_opening(c)) break;
    from = lead;
    --budget;
  }
  return from;
}

// Moves `to` forward over closing punctuation written against the word (the
// full stop after it), up to `limit`, by at most `budget` code points
// (decreased by those taken).
std::size_t extend_forward(std::string_view text, std::size_t to, std::size_t limit,
                           std::size_t& budget) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (to < limit && budget > 0) {
    auto i = static_cast<int32_t>(to);
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(limit), c);
    if (c < 0 || !is_closing(c)) break;
    to = static_cast<std::size_t>(i);
    --budget;
  }
  return to;
}

// True when `s` holds a letter or a digit.
bool has_word(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && u_isalnum(c)) return true;
  }
  return false;
}

bool has_visible(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return !is_ascii_space(static_cast<unsigned char>(c)); });
}

// Builds the plain text, its HTML and the UTF-16 spans of the marks together,
// so the three cannot disagree.
class Builder {
 public:
  explicit Builder(bool collapse_spaces) : collapse_(collapse_spaces) {}

  // Appends `s` as written (runs of whitespace as one space when collapsing).
  void add(std::string_view s) {
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (collapse_ && is_ascii_space(c)) {
        if (!last_space_) emit(' ');
        last_space_ = true;
        continue;
      }
      last_space_ = false;
      emit(ch);
    }
  }
  void open() {
    out_.html += "<mark>";
    mark_start_ = units_;
  }
  void close() {
    out_.html += "</mark>";
    out_.spans.push_back(Span{mark_start_, units_});
  }
  Highlighted take() { return std::move(out_); }

 private:
  void emit(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    out_.text.push_back(ch);
    switch (ch) {
      case '&':
        out_.html += "&amp;";
        break;
      case '<':
        out_.html += "&lt;";
        break;
      case '>':
        out_.html += "&gt;";
        break;
      case '"':
        out_.html += "&quot;";
        break;
      case '\'':
        out_.html += "&#39;";
        break;
      default:
        out_.html.push_back(ch);
    }
    // A 4-byte UTF-8 sequence is outside the BMP: two UTF-16 units.
    if (!is_continuation(c)) units_ += c >= 0xF0 ? 2 : 1;
  }

  Highlighted out_;
  bool collapse_;
  bool last_space_ = false;
  std::uint32_t units_ = 0;
  std::uint32_t mark_start_ = 0;
};

// A passage: tokens [b, e] shown as text[from, to).
struct Passage {
  std::size_t b = 0, e = 0;
  std::size_t from = 0, to = 0;
};

}  // namespace

struct Highlighter::Match {
  std::size_t first = 0, last = 0;  // tokens, inclusive
  int term = 0;
  bool exact = false;
};

Highlighter::Highlighter(HighlightTerms terms) : exact_(std::move(terms.exact)) {
  auto add_stem = [this](const std::string& stem) {
    if (!term_of_stem_.emplace(stem, term_count_).second) return;
    if (term_count_ < kMaxListed) listed_stems_.emplace_back(stem, term_count_);
    ++term_count_;
  };
  for (const std::string& stem : terms.stems) add_stem(stem);
  for (std::vector<std::string>& stems : terms.phrases) {
    if (stems.size() == 1) add_stem(stems[0]);  // a phrase of one word is a word
    if (stems.size() < 2) continue;
    std::string head = stems[0];
    for (const std::string& stem : stems) phrase_words_.insert(stem);
    phrase_of_head_.emplace(std::move(head), Phrase{std::move(stems), term_count_++});
  }
}

std::string_view snippet_source(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && !is_ascii_space(static_cast<unsigned char>(text[cut]))) --cut;
  if (cut == 0) {
    cut = max_bytes;
    while (cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) --cut;
  }
  return text.substr(0, cut);
}

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

int Highlighter::term_of(const std::string& stem) const {
  // A query has a few words: comparing is cheaper than hashing every token.
  if (term_of_stem_.size() <= kMaxListed) {
    for (const auto& [s, term] : listed_stems_) {
      if (s.size() == stem.size() && s == stem) return term;
    }
    return -1;
  }
  const auto it = term_of_stem_.find(stem);
  return it == term_of_stem_.end() ? -1 : it->second;
}

bool Highlighter::wants(const std::string& stem) const {
  return term_of(stem) >= 0 || phrase_words_.count(stem) != 0;
}

std::vector<std::string> Highlighter::wanted_stems() const {
  std::vector<std::string> out;
  for (const auto& [stem, term] : term_of_stem_) out.push_back(stem);
  for (const std::string& stem : phrase_words_) {
    if (term_of_stem_.count(stem) == 0) out.push_back(stem);
  }
  return out;
}

std::vector<Highlighter::PositionMatch> Highlighter::match_positions(
    const std::vector<Token>& words) const {
  std::vector<PositionMatch> out;
  for (const Match& m : find_matches(words)) {
    out.push_back(PositionMatch{words[m.first].position, words[m.last].position, m.term, m.exact});
  }
  return out;
}

std::vector<Highlighter::Match> Highlighter::find_matches(
    const std::vector<Token>& tokens, const std::vector<std::size_t>& breaks) const {
  std::vector<Match> out;
  auto next_break = breaks.begin();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    // The first break after token i: a phrase ends before it.
    while (next_break != breaks.end() && *next_break <= i) ++next_break;
    const std::size_t stretch_end = next_break == breaks.end() ? tokens.size() : *next_break;
    const Token& t = tokens[i];
    if (!phrase_of_head_.empty()) {
      // The longest phrase that starts here.
      const Phrase* best = nullptr;
      auto [lo, hi] = phrase_of_head_.equal_range(t.stem);
      for (auto it = lo; it != hi; ++it) {
        const std::vector<std::string>& stems = it->second.stems;
        if (i + stems.size() > stretch_end) continue;
        if (best != nullptr && stems.size() <= best->stems.size()) continue;
        bool all = true;
        for (std::size_t k = 1; k < stems.size() && all; ++k) {
          const Token& w = tokens[i + k];
          all = w.stem == stems[k] && w.position == tokens[i + k - 1].position + 1;
        }
        if (all) best = &it->second;
      }
      if (best != nullptr) {
        const std::size_t last = i + best->stems.size() - 1;
        bool exact = true;
        for (std::size_t k = i; k <= last; ++k) exact = exact && exact_.count(tokens[k].text) != 0;
        out.push_back(Match{i, last, best->term, exact});
        i = last;
        continue;
      }
    }
    if (const int term = term_of(t.stem); term >= 0) {
      out.push_back(Match{i, i, term, exact_.count(t.text) != 0});
    }
  }
  return out;
}

namespace {

// Appends text[p.from, p.to) with marks on the matches that lie inside tokens
// [p.b, p.e]; adjacent matches separated only by spaces or ZWNJ share one mark.
template <typename MatchT>
void render(Builder& out, std::string_view text, const std::vector<Token>& tokens,
            const std::vector<MatchT>& matches, const Passage& p) {
  auto m = std::lower_bound(matches.begin(), matches.end(), p.b,
                            [](const MatchT& x, std::size_t b) { return x.first < b; });
  std::size_t cursor = p.from;
  bool open = false;
  std::size_t open_last = 0;  // last token of the open mark
  for (; m != matches.end() && m->last <= p.e; ++m) {
    // Word by word: a phrase separated by punctuation gets a mark per word.
    for (std::size_t k = m->first; k <= m->last; ++k) {
      const std::size_t start = tokens[k].start;
      if (!open || k != open_last + 1 || !joins_words(text.substr(cursor, start - cursor))) {
        if (open) out.close();
        out.add(text.substr(cursor, start - cursor));
        out.open();
        open = true;
        cursor = start;
      }
      out.add(text.substr(cursor, tokens[k].end - cursor));
      cursor = tokens[k].end;
      open_last = k;
    }
  }
  if (open) out.close();
  out.add(text.substr(cursor, p.to - cursor));
}

}  // namespace

Highlighted Highlighter::mark_all(std::string_view text, const std::vector<Token>& tokens) const {
  Builder out(/*collapse_spaces=*/false);
  if (tokens.empty()) {
    out.add(text);
    return out.take();
  }
  const std::vector<Match> matches = find_matches(tokens);
  render(out, text, tokens, matches, Passage{0, tokens.size() - 1, 0, text.size()});
  return out.take();
}

Highlighted Highlighter::snippet(std::string_view text, const std::vector<Token>& tokens,
                                 const SnippetOptions& options) const {
  return snippet(text, tokens, {}, options);
}

Highlighted Highlighter::snippet(std::string_view text, const std::vector<Token>& tokens,
                                 const std::vector<std::size_t>& breaks,
                                 const SnippetOptions& options) const {
  const std::size_t max_chars = options.max_chars;
  Builder out(/*collapse_spaces=*/true);
  if (max_chars == 0) return out.take();
  if (tokens.empty()) {
    // No words at all (symbols, emoji): the first characters, as written.
    std::size_t end = 0, chars = 0;
    while (end < text.size() && chars < max_chars) {
      ++end;
      while (end < text.size() && is_continuation(static_cast<unsigned char>(text[end]))) ++end;
      ++chars;
    }
    std::string_view lead = text.substr(0, end);
    const std::size_t first = lead.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string_view::npos) return out.take();
    lead.remove_prefix(first);
    while (!lead.empty() && is_ascii_space(static_cast<unsigned char>(lead.back()))) {
      lead.remove_suffix(1);
    }
    out.add(lead);
    if (has_visible(text.substr(end))) {
      out.add(" ");
      out.add(kEllipsis);
    }
    return out.take();
  }

  const std::size_t n = tokens.size();
  const CharOffsets co = char_offsets(text, tokens, breaks);
  const std::vector<Match> matches = find_matches(tokens, breaks);
  auto is_break = [&](std::size_t k) {  // text was left out before token k
    return std::binary_search(breaks.begin(), breaks.end(), k);
  };
  // Whether tokens[0] and tokens[n - 1] are the text's first and last words.
  const bool has_first = !is_break(0);
  const bool has_last = !is_break(n);
  auto boundary_after = [&](std::size_t k) {  // a sentence ends after token k
    return k + 1 >= n || is_break(k + 1) ||
           ends_sentence(text.substr(tokens[k].end, tokens[k + 1].start - tokens[k].end));
  };
  // Calls f(lo, hi) for each part of tokens [lo, hi] between breaks.
  auto for_each_stretch = [&](std::size_t lo, std::size_t hi, auto&& f) {
    auto b = std::upper_bound(breaks.begin(), breaks.end(), lo);
    for (; b != breaks.end() && *b <= hi; ++b) {
      f(lo, *b - 1);
      lo = *b;
    }
    f(lo, hi);
  };
  auto length = [&](std::size_t b, std::size_t e) { return co.end[e] - co.start[b]; };

  // The best window of matches within tokens [lo, hi]: most distinct terms,
  // then most matches, then most exact forms; the earliest on a tie.
  std::vector<std::size_t> count(static_cast<std::size_t>(term_count_), 0);
  struct Window {
    std::size_t first = 0, last = 0;  // matches, inclusive
    std::tuple<std::size_t, std::size_t, std::size_t> score{0, 0, 0};
  };
  auto best_window = [&](std::size_t lo, std::size_t hi, Window& best) {
    auto begin = std::lower_bound(matches.begin(), matches.end(), lo,
                                  [](const Match& x, std::size_t t) { return x.first < t; });
    const auto i0 = static_cast<std::size_t>(begin - matches.begin());
    std::size_t i_end = i0;
    while (i_end < matches.size() && matches[i_end].last <= hi) ++i_end;
    // Two pointers over matches [i, j), with per-term counts.
    std::fill(count.begin(), count.end(), 0);
    std::size_t distinct = 0, exact = 0;
    std::size_t j = i0;
    bool found = false;
    for (std::size_t i = i0; i < i_end; ++i) {
      if (j < i) j = i;
      // Grow while the window fits; it always holds at least match i.
      while (j < i_end && (j == i || length(matches[i].first, matches[j].last) <= max_chars)) {
        if (count[static_cast<std::size_t>(matches[j].term)]++ == 0) ++distinct;
        exact += matches[j].exact ? 1 : 0;
        ++j;
      }
      const std::tuple<std::size_t, std::size_t, std::size_t> score{distinct, j - i, exact};
      if (!found || score > best.score) {
        best = Window{i, j - 1, score};
        found = true;
      }
      // Drop match i.
      if (--count[static_cast<std::size_t>(matches[i].term)] == 0) --distinct;
      exact -= matches[i].exact ? 1 : 0;
    }
    return found;
  };

  // Tokens [b, e] around matches [first, last] within tokens [lo, hi].
  auto expand = [&](std::size_t first_tok, std::size_t last_tok, std::size_t lo, std::size_t hi) {
    const std::size_t core = length(first_tok, last_tok);
    const std::size_t spare = core < max_chars ? max_chars - core : 0;
    // Up to half the spare room before the first match, stopping at the
    // start of its sentence.
    std::size_t b = first_tok;
    while (b > lo && !boundary_after(b - 1) && co.start[first_tok] - co.start[b - 1] <= spare / 2) {
      --b;
    }
    // Then forward as far as the length allows.
    std::size_t e = last_tok;
    while (e < hi && length(b, e + 1) <= max_chars) ++e;
    if (e == hi) {
      // The end came first: use the room left before the passage, from the
      // earliest sentence start that fits, else as far back as fits.
      std::size_t back = b;
      while (back > lo && length(back - 1, e) <= max_chars) --back;
      if (back == lo) {
        b = lo;
      } else {
        const bool at_sentence = boundary_after(b - 1);
        std::size_t k = back;
        while (k < b && !boundary_after(k - 1)) ++k;
        if (k < b || !at_sentence) b = k < b ? k : back;
      }
    } else {
      // Prefer to end at a sentence end near the length limit, never before
      // the last match.
      for (std::size_t k = e; k > b && k >= last_tok; --k) {
        if (length(b, k) < (max_chars * 2) / 3) break;
        if (boundary_after(k)) {
          e = k;
          break;
        }
      }
    }
    // Punctuation written against the first and last words comes with them,
    // as far as the length allows.
    Passage p;
    p.b = b;
    p.e = e;
    const std::size_t used = length(b, e);
    std::size_t budget = used < max_chars ? max_chars - used : 0;
    p.to =
        extend_forward(text, tokens[e].end, e + 1 < n ? tokens[e + 1].start : text.size(), budget);
    p.from = extend_back(text, tokens[b].start, b > 0 ? tokens[b - 1].end : 0, budget);
    // What stands before the first word or after the last (an emoji, a
    // dash) comes whole when it fits and holds no word (a word there was not
    // analyzed: too long to be a token, or past snippet_source()).
    auto fits = [&](std::string_view s) {
      // A code point takes at most 4 bytes: a longer piece cannot fit.
      return s.size() <= 4 * budget && count_chars(s) <= budget && !has_word(s);
    };
    if (e + 1 == n && has_last) {
      std::size_t to = text.size();
      while (to > p.to && is_ascii_space(static_cast<unsigned char>(text[to - 1]))) --to;
      const std::string_view rest = text.substr(p.to, to - p.to);
      if (fits(rest)) {
        p.to = to;
        budget -= count_chars(rest);
      }
    }
    if (b == 0 && has_first) {
      std::size_t from = 0;
      while (from < p.from && is_ascii_space(static_cast<unsigned char>(text[from]))) ++from;
      if (fits(text.substr(from, p.from - from))) p.from = from;
    }
    return p;
  };

  const std::size_t wanted = std::max<std::size_t>(options.passages, 1);
  std::vector<Passage> passages;
  if (matches.empty()) {
    std::size_t hi = n - 1;
    for_each_stretch(0, n - 1, [&hi](std::size_t lo, std::size_t h) {
      if (lo == 0) hi = h;
    });
    passages.push_back(expand(0, 0, 0, hi));
  } else {
    while (passages.size() < wanted) {
      // The free stretches of tokens, one token apart from every passage so
      // that "…" between two passages always stands for left-out text.
      Window best;
      std::size_t best_lo = 0, best_hi = 0;
      bool found = false;
      std::size_t lo = 0;
      for (std::size_t k = 0; k <= passages.size(); ++k) {
        const bool last_gap = k == passages.size();
        if (!last_gap && passages[k].b < lo + 2) {
          lo = passages[k].e + 2;
          continue;
        }
        if (lo >= n) break;
        const std::size_t hi = last_gap ? n - 1 : passages[k].b - 2;
        if (lo <= hi) {
          for_each_stretch(lo, hi, [&](std::size_t s_lo, std::size_t s_hi) {
            Window w;
            if (best_window(s_lo, s_hi, w) && (!found || w.score > best.score)) {
              best = w;
              best_lo = s_lo;
              best_hi = s_hi;
              found = true;
            }
          });
        }
        if (!last_gap) lo = passages[k].e + 2;
      }
      if (!found) break;
      passages.push_back(
          expand(matches[best.first].first, matches[best.last].last, best_lo, best_hi));
      std::sort(passages.begin(), passages.end(),
                [](const Passage& a, const Passage& b) { return a.b < b.b; });
    }
  }

  for (std::size_t k = 0; k < passages.size(); ++k) {
    const Passage& p = passages[k];
    if (k == 0) {
      if (p.b > 0 || has_visible(text.substr(0, p.from))) {
        out.add(kEllipsis);
        out.add(" ");
      }
    } else {
      out.add(" ");
      out.add(kEllipsis);
      out.add(" ");
    }
    render(out, text, tokens, matches, p);
    if (k + 1 == passages.size() && (p.e + 1 < n || has_visible(text.substr(p.to)))) {
      out.add(" ");
      out.add(kEllipsis);
    }
  }
  return out.take();
}

}  // namespace kavosh
