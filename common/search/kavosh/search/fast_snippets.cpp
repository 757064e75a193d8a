#include "kavosh/search/fast_snippets.h"
#include "kavosh/util/strings.h"

#include <algorithm>
#include <cstdint>

#include "kavosh/analysis/stemmer.h"
#include "kavosh/index/schema.h"

namespace kavosh {

namespace {

// Bounds, from a checkpoint table, on where the tokens at given body
// positions lie in characters, and the stretches that hold every window of
// matches that may become a passage (see snippet_ranges).
class RangeFinder {
 public:
  RangeFinder(const CheckpointTable& table, const std::vector<PositionMatch>& matches,
              int term_count, const SnippetOptions& options)
      : pt_(table.points),
        m_(pt_.size() - 1),
        matches_(matches),
        term_count_(term_count),
        options_(options),
        max_chars_(static_cast<std::int64_t>(options.max_chars)) {}

  // REQUIRES: the table has at least two checkpoints.
  std::optional<std::vector<ByteRange>> ranges();

 private:
  // Every position stands for a token of at least one character, and tokens
  // do not overlap (ranges() checks the table): characters between
  // checkpoints bound where a token lies.
  std::size_t floor_cp(std::uint32_t p) const {  // last checkpoint at or before p (p >= pt[0])
    const auto it =
        std::upper_bound(pt_.begin(), pt_.begin() + static_cast<std::ptrdiff_t>(m_), p,
                         [](std::uint32_t v, const Checkpoint& c) { return v < c.position; });
    return static_cast<std::size_t>(it - pt_.begin()) - 1;
  }
  std::size_t ceil_cp(std::uint32_t p) const {  // first checkpoint (or the end) at or after p
    const auto it =
        std::lower_bound(pt_.begin(), pt_.end(), p,
                         [](const Checkpoint& c, std::uint32_t v) { return c.position < v; });
    return static_cast<std::size_t>(it - pt_.begin());
  }
  std::int64_t start_lb(std::uint32_t p) const {  // characters before token p, at least
    const Checkpoint& c = pt_[floor_cp(p)];
    return static_cast<std::int64_t>(c.chars) + (p - c.position);
  }
  std::int64_t start_ub(std::uint32_t p) const {  // ... at most (p may be the end)
    const Checkpoint& c = pt_[ceil_cp(p)];
    return static_cast<std::int64_t>(c.chars) - (c.position - p);
  }
  std::int64_t end_ub(std::uint32_t p) const { return start_ub(p + 1); }
  std::int64_t end_lb(std::uint32_t p) const { return start_lb(p) + 1; }

  std::vector<std::size_t> candidates() const;
  void add(std::int64_t start_chars, std::int64_t to_chars, std::vector<ByteRange>& ranges) const;

  const std::vector<Checkpoint>& pt_;
  const std::size_t m_;  // pt_[m_]: the end
  const std::vector<PositionMatch>& matches_;
  const int term_count_;
  const SnippetOptions& options_;
  const std::int64_t max_chars_;
};

// The matches that may start a passage.
std::vector<std::size_t> RangeFinder::candidates() const {
  std::vector<std::size_t> out;
  const std::size_t n = matches_.size();
  if (n == 0) return out;
  // The score of the window that starts at each match, as make_snippet grows
  // it (at least the match itself), where it may fit in max_chars (high) and
  // where it surely does (low); and its last match.
  std::vector<WindowScore> high, low;
  std::vector<std::size_t> high_last, low_last;
  score_windows(
      matches_, 0, n, term_count_,
      [&](std::size_t i, std::size_t j) {
        const std::int64_t len =
            std::max<std::int64_t>(end_lb(matches_[j].last) - start_ub(matches_[i].first),
                                   matches_[j].last - matches_[i].first + 1);
        return len <= max_chars_;
      },
      high, high_last);
  score_windows(
      matches_, 0, n, term_count_,
      [&](std::size_t i, std::size_t j) {
        return end_ub(matches_[j].last) - start_lb(matches_[i].first) <= max_chars_;
      },
      low, low_last);
  // Windows surely as good as `threshold` and so far apart that no passage
  // takes more than one of them: every passage scores at least the lowest.
  const std::size_t wanted = std::max<std::size_t>(options_.passages, 1);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return low[a] > low[b]; });
  // A passage spans at most max_chars positions (or one long match), and
  // keeps the token on each side; dropped tokens may leave a few gaps.
  std::uint32_t longest = 1;
  for (const auto& x : matches_) longest = std::max(longest, x.last - x.first + 1);
  const auto apart = static_cast<std::uint32_t>(std::max<std::int64_t>(max_chars_, longest) + 32);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> taken;  // position spans
  WindowScore threshold{};
  bool enough = false;
  std::size_t last_taken = 0;  // the latest of them
  for (std::size_t i : order) {
    const std::uint32_t from = matches_[i].first, to = matches_[low_last[i]].last;
    const bool clear = std::all_of(taken.begin(), taken.end(), [&](const auto& s) {
      return from > s.second + apart || s.first > to + apart;
    });
    if (!clear) continue;
    taken.emplace_back(from, to);
    last_taken = std::max(last_taken, i);
    if (taken.size() == wanted) {
      threshold = low[i];
      enough = true;
      break;
    }
  }
  // A window that scores at most `threshold` and starts after all of them
  // never wins: while one of them is free, it is as good and earlier (on
  // a tie the earliest window wins).
  for (std::size_t i = 0; i < n; ++i) {
    if (!enough || high[i] > threshold || (high[i] == threshold && i <= last_taken)) {
      out.push_back(i);
    }
  }
  return out;
}

// Adds the stretch around a passage that starts at `start_chars` and ends
// by `to_chars`, with its margins, in checkpoints; merged with the last one
// where they touch. A passage starts at most max_chars / 2 characters before
// its first match (make_snippet: half the spare room), or max_chars when it
// ends at the end of its stretch of text (the text's end; or, with several
// passages, another passage); it ends at most max_chars after its start, or
// with its first match.
void RangeFinder::add(std::int64_t start_chars, std::int64_t to_chars,
                      std::vector<ByteRange>& ranges) const {
  // The first checkpoint after to_chars, then two more: the token after
  // the passage, and margin.
  std::size_t t =
      static_cast<std::size_t>(std::upper_bound(pt_.begin(), pt_.end(), to_chars,
                                                [](std::int64_t v, const Checkpoint& c) {
                                                  return v < static_cast<std::int64_t>(c.chars);
                                                }) -
                               pt_.begin());
  t = std::min(t + 2, m_);
  const std::int64_t back = options_.passages <= 1 && t < m_ ? max_chars_ / 2 : max_chars_;
  // The last checkpoint before start_chars - back (the token before the
  // passage), one more for margin.
  const auto it = std::lower_bound(
      pt_.begin(), pt_.begin() + static_cast<std::ptrdiff_t>(m_), start_chars - back,
      [](const Checkpoint& c, std::int64_t v) { return static_cast<std::int64_t>(c.chars) < v; });
  std::size_t s = static_cast<std::size_t>(it - pt_.begin());
  s = s >= 2 ? s - 2 : 0;
  ByteRange r;
  r.from = s == 0 ? 0 : pt_[s].byte;
  r.to = pt_[t].byte;
  r.position = pt_[s].position;
  r.end_position = pt_[t].position;
  if (!ranges.empty() && r.from <= ranges.back().to) {
    ranges.back().to = std::max(ranges.back().to, r.to);
    ranges.back().end_position = std::max(ranges.back().end_position, r.end_position);
  } else {
    ranges.push_back(r);
  }
}

std::optional<std::vector<ByteRange>> RangeFinder::ranges() {
  // The bounds below hold where every position has a character of its own.
  // Where one character gave several words (NFKC: U+FDFA is four), the
  // whole body answers.
  for (std::size_t k = 1; k <= m_; ++k) {
    if (pt_[k].chars - pt_[k - 1].chars < pt_[k].position - pt_[k - 1].position) {
      return std::nullopt;
    }
  }
  const std::uint32_t end_position = pt_[m_].position;
  for (const auto& x : matches_) {
    if (x.first < pt_[0].position || x.last >= end_position || x.last < x.first) {
      return std::nullopt;
    }
  }
  std::vector<ByteRange> out;
  const std::vector<std::size_t> starts = candidates();
  if (starts.empty()) {
    // No match: the lead.
    add(0, static_cast<std::int64_t>(pt_[0].chars) + max_chars_, out);  // (0 - back: the start)
  }
  for (std::size_t i : starts) {
    const std::uint32_t p = matches_[i].first;
    add(start_lb(p), std::max(start_ub(p) + max_chars_, end_ub(matches_[i].last)), out);
  }
  std::size_t bytes = 0;
  for (const ByteRange& r : out) bytes += r.to - r.from;
  if (bytes * 2 > pt_[m_].byte) return std::nullopt;  // most of the body: analyse it all
  return out;
}

}  // namespace

std::optional<std::vector<ByteRange>> snippet_ranges(const CheckpointTable& table,
                                                     const std::vector<PositionMatch>& matches,
                                                     int term_count,
                                                     const SnippetOptions& options) {
  if (table.points.size() < 2) return std::nullopt;
  return RangeFinder(table, matches, term_count, options).ranges();
}

namespace {

// True when `word` may have a stem of `beginnings` (all of them, or a Latin
// stem when `latin`): only then is it worth stemming.
bool may_be_wanted(const std::string& word, const std::vector<std::string>& beginnings,
                   bool latin) {
  if (latin && is_latin_word(word)) return true;
  return std::any_of(beginnings.begin(), beginnings.end(),
                     [&word](const std::string& b) { return starts_with(word, b); });
}

constexpr std::size_t kMaxExaminedWords = 1000;  // about 0.3 ms
constexpr std::size_t kMaxWantedWords = 200;

}  // namespace

WantedWords wanted_words(const Xapian::Database& db, Analyzer& analyzer,
                         const Highlighter& highlighter) {
  WantedWords out;
  std::vector<std::string> beginnings;
  for (const std::string& stem : highlighter.wanted_stems()) {
    if (stem.empty()) continue;
    std::vector<std::string> b = stem_word_beginnings(stem);
    if (b.empty()) return out;  // a Latin stem: not complete
    beginnings.insert(beginnings.end(), b.begin(), b.end());
  }
  // Longer beginnings are covered by a shorter one they start with.
  std::sort(beginnings.begin(), beginnings.end());
  beginnings.erase(std::unique(beginnings.begin(), beginnings.end()), beginnings.end());
  std::vector<std::string> roots;
  for (const std::string& b : beginnings) {
    if (roots.empty() || !starts_with(b, roots.back())) roots.push_back(b);
  }
  std::size_t examined = 0;
  for (const std::string& root : roots) {
    for (Xapian::TermIterator t = db.allterms_begin(root); t != db.allterms_end(root); ++t) {
      if (++examined > kMaxExaminedWords) return WantedWords{};
      const std::string word = *t;
      if (highlighter.wants(analyzer.stem(word))) {
        if (out.words.size() >= kMaxWantedWords) return WantedWords{};
        out.words.push_back(word);
      }
    }
  }
  out.complete = true;
  return out;
}

std::optional<Highlighted> fast_body_snippet(const Xapian::Database& db, Xapian::docid id,
                                             const Xapian::Document& doc, std::string_view body,
                                             Analyzer& analyzer, const Highlighter& highlighter,
                                             const SnippetOptions& options,
                                             const WantedWords* wanted) {
  if (options.max_chars == 0) return std::nullopt;
  const std::optional<CheckpointTable> table =
      decode_checkpoints(doc.get_value(schema::kSlotBodyCheckpoints));
  if (!table || table->points.back().byte != body.size()) return std::nullopt;
  const std::uint32_t base = table->base_position;

  // The wanted words of the body, by position.
  std::vector<Token> words;
  auto add_positions = [&](const std::string& word, const std::string& stem,
                           Xapian::PositionIterator p, const Xapian::PositionIterator& end) {
    for (; p != end; ++p) {
      if (*p < base) continue;  // a title word
      Token w;
      w.text = word;
      w.stem = stem;
      w.position = *p - base;
      words.push_back(std::move(w));
    }
  };
  if (highlighter.empty()) {
    // Nothing wanted: the lead.
  } else if (wanted != nullptr && wanted->complete) {
    for (const std::string& word : wanted->words) {
      add_positions(word, analyzer.stem(word), db.positionlist_begin(id, word),
                    db.positionlist_end(id, word));
    }
  } else {
    // From the termlist: the word terms are the analyzed words (Token::text).
    std::vector<std::string> beginnings;
    bool latin = false;
    for (const std::string& stem : highlighter.wanted_stems()) {
      std::vector<std::string> b = stem_word_beginnings(stem);
      latin = latin || b.empty();
      beginnings.insert(beginnings.end(), b.begin(), b.end());
    }
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (!schema::is_word_term(term)) continue;
      if (!may_be_wanted(term, beginnings, latin)) continue;
      std::string stem = analyzer.stem(term);
      if (highlighter.wants(stem)) {
        add_positions(term, stem, t.positionlist_begin(), t.positionlist_end());
      }
    }
  }
  std::sort(words.begin(), words.end(),
            [](const Token& a, const Token& b) { return a.position < b.position; });
  std::vector<PositionMatch> matches;
  for (const TermMatch& m : highlighter.find_matches(words)) {
    matches.push_back(
        PositionMatch{words[m.first].position, words[m.last].position, m.term, m.exact});
  }
  const std::optional<std::vector<ByteRange>> ranges =
      snippet_ranges(*table, matches, highlighter.term_count(), options);
  if (!ranges) return std::nullopt;

  std::vector<Token> tokens;
  std::vector<std::size_t> breaks;
  auto word = words.begin();
  for (const ByteRange& r : *ranges) {
    std::vector<Token> part = analyzer.analyze(body.substr(r.from, r.to - r.from));
    if (part.empty()) return std::nullopt;
    // From a checkpoint, the first token is the checkpoint's.
    if (r.from > 0 && part.front().start != 0) return std::nullopt;
    const std::int64_t shift = r.from == 0 ? 0
                                           : static_cast<std::int64_t>(r.position) -
                                                 static_cast<std::int64_t>(part.front().position);
    if (r.from > (tokens.empty() ? 0 : static_cast<std::size_t>(tokens.back().end))) {
      breaks.push_back(tokens.size());
    }
    // The wanted words found here must be the index's, position by position.
    while (word != words.end() && word->position < r.position) ++word;
    for (Token& t : part) {
      t.start += static_cast<std::uint32_t>(r.from);
      t.end += static_cast<std::uint32_t>(r.from);
      t.position = static_cast<std::uint32_t>(static_cast<std::int64_t>(t.position) + shift);
      if (highlighter.wants(t.stem)) {
        if (word == words.end() || word->position != t.position || word->text != t.text) {
          return std::nullopt;
        }
        ++word;
      }
      tokens.push_back(std::move(t));
    }
    if (word != words.end() && word->position < r.end_position) return std::nullopt;
  }
  if (ranges->back().to < body.size()) breaks.push_back(tokens.size());
  return make_snippet(highlighter, body, tokens, options, breaks);
}

}  // namespace kavosh
