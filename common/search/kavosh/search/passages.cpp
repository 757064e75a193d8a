#include "kavosh/search/passages.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kavosh/search/marked_text.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS

bool has_visible(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return !is_ascii_space(static_cast<unsigned char>(c)); });
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
           is_utf8_continuation(static_cast<unsigned char>(text[lead]))) {
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

// A text without any token (symbols, emoji): its first characters, as written.
Highlighted lead_without_words(std::string_view text, std::size_t max_chars) {
  MarkedTextBuilder out(/*collapse_spaces=*/true);
  std::size_t end = 0, chars = 0;
  while (end < text.size() && chars < max_chars) {
    ++end;
    while (end < text.size() && is_utf8_continuation(static_cast<unsigned char>(text[end]))) ++end;
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

// A passage: tokens [b, e] shown as text[from, to).
struct Passage {
  std::size_t b = 0, e = 0;
  std::size_t from = 0, to = 0;
};

// The best window of matches: [first, last] and its score.
struct Window {
  std::size_t first = 0, last = 0;
  WindowScore score{0, 0, 0};
};

// Chooses and renders the passages of one text (see make_snippet).
class SnippetMaker {
 public:
  SnippetMaker(const Highlighter& highlighter, std::string_view text,
               const std::vector<Token>& tokens, const SnippetOptions& options,
               const std::vector<std::size_t>& breaks);

  Highlighted make();

 private:
  bool is_break(std::size_t k) const {  // text was left out before token k
    return std::binary_search(breaks_.begin(), breaks_.end(), k);
  }
  bool boundary_after(std::size_t k) const {  // a sentence ends after token k
    return k + 1 >= n_ || is_break(k + 1) ||
           ends_sentence(text_.substr(tokens_[k].end, tokens_[k + 1].start - tokens_[k].end));
  }
  std::size_t length(std::size_t b, std::size_t e) const { return end_[e] - start_[b]; }
  // Calls f(lo, hi) for each part of tokens [lo, hi] between breaks.
  template <typename F>
  void for_each_stretch(std::size_t lo, std::size_t hi, F&& f) const {
    auto b = std::upper_bound(breaks_.begin(), breaks_.end(), lo);
    for (; b != breaks_.end() && *b <= hi; ++b) {
      f(lo, *b - 1);
      lo = *b;
    }
    f(lo, hi);
  }
  void count_chars();
  bool best_window(std::size_t lo, std::size_t hi, Window& best) const;
  Passage expand(std::size_t first_tok, std::size_t last_tok, std::size_t lo, std::size_t hi) const;
  void take_whole_ends(Passage& p, std::size_t budget) const;
  bool add_best_passage(std::vector<Passage>& passages) const;
  Highlighted render(const std::vector<Passage>& passages) const;

  std::string_view text_;
  const std::vector<Token>& tokens_;
  const std::vector<std::size_t>& breaks_;
  const std::size_t max_chars_;
  const std::size_t wanted_;
  const std::size_t n_;
  const int term_count_;
  std::vector<TermMatch> matches_;
  // Code point index of every token's start and end. Differences are exact
  // between tokens of one stretch; text left out at a break is not counted.
  std::vector<std::size_t> start_, end_;
  bool has_first_ = true, has_last_ = true;  // tokens_[0], tokens_[n - 1] are the text's own
};

SnippetMaker::SnippetMaker(const Highlighter& highlighter, std::string_view text,
                           const std::vector<Token>& tokens, const SnippetOptions& options,
                           const std::vector<std::size_t>& breaks)
    : text_(text),
      tokens_(tokens),
      breaks_(breaks),
      max_chars_(options.max_chars),
      wanted_(std::max<std::size_t>(options.passages, 1)),
      n_(tokens.size()),
      term_count_(highlighter.term_count()),
      matches_(highlighter.find_matches(tokens, breaks)) {
  count_chars();
  has_first_ = !is_break(0);
  has_last_ = !is_break(n_);
}

void SnippetMaker::count_chars() {
  start_.reserve(n_);
  end_.reserve(n_);
  std::size_t byte = 0, chars = 0;
  auto advance_to = [&](std::size_t target) {
    target = std::min(target, text_.size());
    if (target > byte) {
      chars += count_code_points(text_.substr(byte, target - byte));
      byte = target;
    }
    return chars;
  };
  auto next_break = breaks_.begin();
  for (std::size_t k = 0; k < n_; ++k) {
    const Token& t = tokens_[k];
    while (next_break != breaks_.end() && *next_break < k) ++next_break;
    if (next_break != breaks_.end() && *next_break == k && t.start > byte) {
      byte = t.start;  // a stretch left out: one character, uncounted
      ++chars;
    }
    start_.push_back(advance_to(t.start));
    end_.push_back(advance_to(t.end));
  }
}

bool SnippetMaker::best_window(std::size_t lo, std::size_t hi, Window& best) const {
  auto begin = std::lower_bound(matches_.begin(), matches_.end(), lo,
                                [](const TermMatch& x, std::size_t t) { return x.first < t; });
  const auto i0 = static_cast<std::size_t>(begin - matches_.begin());
  std::size_t i_end = i0;
  while (i_end < matches_.size() && matches_[i_end].last <= hi) ++i_end;
  std::vector<WindowScore> score;
  std::vector<std::size_t> last;
  score_windows(
      matches_, i0, i_end, term_count_,
      [&](std::size_t i, std::size_t j) {
        return length(matches_[i].first, matches_[j].last) <= max_chars_;
      },
      score, last);
  bool found = false;
  for (std::size_t k = 0; k < score.size(); ++k) {
    if (!found || score[k] > best.score) {
      best = Window{i0 + k, last[k], score[k]};
      found = true;
    }
  }
  return found;
}

Passage SnippetMaker::expand(std::size_t first_tok, std::size_t last_tok, std::size_t lo,
                             std::size_t hi) const {
  const std::size_t core = length(first_tok, last_tok);
  const std::size_t spare = core < max_chars_ ? max_chars_ - core : 0;
  // Up to half the spare room before the first match, stopping at the
  // start of its sentence.
  std::size_t b = first_tok;
  while (b > lo && !boundary_after(b - 1) && start_[first_tok] - start_[b - 1] <= spare / 2) {
    --b;
  }
  // Then forward as far as the length allows.
  std::size_t e = last_tok;
  while (e < hi && length(b, e + 1) <= max_chars_) ++e;
  if (e == hi) {
    // The end came first: use the room left before the passage, from the
    // earliest sentence start that fits, else as far back as fits.
    std::size_t back = b;
    while (back > lo && length(back - 1, e) <= max_chars_) --back;
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
      if (length(b, k) < (max_chars_ * 2) / 3) break;
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
  std::size_t budget = used < max_chars_ ? max_chars_ - used : 0;
  p.to = extend_forward(text_, tokens_[e].end, e + 1 < n_ ? tokens_[e + 1].start : text_.size(),
                        budget);
  p.from = extend_back(text_, tokens_[b].start, b > 0 ? tokens_[b - 1].end : 0, budget);
  take_whole_ends(p, budget);
  return p;
}

// What stands before the first word or after the last (an emoji, a dash)
// comes whole when it fits in `budget` characters and holds no word (a word
// there was not analyzed: too long to be a token, or past snippet_source()).
void SnippetMaker::take_whole_ends(Passage& p, std::size_t budget) const {
  auto fits = [&](std::string_view s) {
    // A code point takes at most 4 bytes: a longer piece cannot fit.
    return s.size() <= 4 * budget && count_code_points(s) <= budget && !has_word(s);
  };
  if (p.e + 1 == n_ && has_last_) {
    std::size_t to = text_.size();
    while (to > p.to && is_ascii_space(static_cast<unsigned char>(text_[to - 1]))) --to;
    const std::string_view rest = text_.substr(p.to, to - p.to);
    if (fits(rest)) {
      p.to = to;
      budget -= count_code_points(rest);
    }
  }
  if (p.b == 0 && has_first_) {
    std::size_t from = 0;
    while (from < p.from && is_ascii_space(static_cast<unsigned char>(text_[from]))) ++from;
    if (fits(text_.substr(from, p.from - from))) p.from = from;
  }
}

// Adds the best window of the free stretches of tokens, one token apart from
// every passage so that "…" between two passages always stands for left-out
// text. False when no match is left.
bool SnippetMaker::add_best_passage(std::vector<Passage>& passages) const {
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
    if (lo >= n_) break;
    const std::size_t hi = last_gap ? n_ - 1 : passages[k].b - 2;
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
  if (!found) return false;
  passages.push_back(
      expand(matches_[best.first].first, matches_[best.last].last, best_lo, best_hi));
  std::sort(passages.begin(), passages.end(),
            [](const Passage& a, const Passage& b) { return a.b < b.b; });
  return true;
}

Highlighted SnippetMaker::render(const std::vector<Passage>& passages) const {
  MarkedTextBuilder out(/*collapse_spaces=*/true);
  for (std::size_t k = 0; k < passages.size(); ++k) {
    const Passage& p = passages[k];
    if (k == 0) {
      if (p.b > 0 || has_visible(text_.substr(0, p.from))) {
        out.add(kEllipsis);
        out.add(" ");
      }
    } else {
      out.add(" ");
      out.add(kEllipsis);
      out.add(" ");
    }
    render_marked(out, text_, tokens_, matches_, p.b, p.e, p.from, p.to);
    if (k + 1 == passages.size() && (p.e + 1 < n_ || has_visible(text_.substr(p.to)))) {
      out.add(" ");
      out.add(kEllipsis);
    }
  }
  return out.take();
}

Highlighted SnippetMaker::make() {
  std::vector<Passage> passages;
  if (matches_.empty()) {
    std::size_t hi = n_ - 1;
    for_each_stretch(0, n_ - 1, [&hi](std::size_t lo, std::size_t h) {
      if (lo == 0) hi = h;
    });
    passages.push_back(expand(0, 0, 0, hi));
  } else {
    while (passages.size() < wanted_ && add_best_passage(passages)) {
    }
  }
  return render(passages);
}

}  // namespace

std::string_view snippet_source(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && !is_ascii_space(static_cast<unsigned char>(text[cut]))) --cut;
  if (cut == 0) {
    cut = max_bytes;
    while (cut > 0 && is_utf8_continuation(static_cast<unsigned char>(text[cut]))) --cut;
  }
  return text.substr(0, cut);
}

Highlighted make_snippet(const Highlighter& highlighter, std::string_view text,
                         const std::vector<Token>& tokens, const SnippetOptions& options,
                         const std::vector<std::size_t>& breaks) {
  if (options.max_chars == 0) return {};
  if (tokens.empty()) return lead_without_words(text, options.max_chars);
  return SnippetMaker(highlighter, text, tokens, options, breaks).make();
}

}  // namespace kavosh
