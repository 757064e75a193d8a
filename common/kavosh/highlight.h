// Highlighting and snippets from the analyzer's token offsets: words are found
// by their analyzed form (so any spelling matches) and marked in the original
// text, which is shown as written and HTML-escaped. Nothing here searches the
// text again: every mark and every cut lands on a token's offsets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kavosh/analysis/token.h"

namespace kavosh {

// Escapes & < > " ' for HTML text and attribute contexts.
std::string html_escape(std::string_view text);

// A marked range of a plain text: [start, end) in UTF-16 code units, the unit
// of JavaScript strings, so a client can rebuild the marks with slice().
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool operator==(const Span& o) const { return start == o.start && end == o.end; }
};

// A text ready to show, in two forms that always agree: `html` is `text`
// HTML-escaped with <mark>...</mark> around each of `spans`.
struct Highlighted {
  std::string text;         // plain UTF-8
  std::string html;         // escaped, with marks
  std::vector<Span> spans;  // in order, not overlapping, UTF-16 units of `text`
};

// What to mark, as analyzed forms of the query's words.
struct HighlightTerms {
  std::unordered_set<std::string> stems;  // Token::stem values: marked wherever they occur
  std::unordered_set<std::string> exact;  // Token::text values of the query's own word forms
  // Phrases as stems, word by word: marked only where all their words stand
  // at consecutive positions, as Xapian's OP_PHRASE matches them. A compound
  // the query matches only as a phrase (نخست + وزیر for نخست‌وزیر) is one.
  std::vector<std::vector<std::string>> phrases;
};

struct SnippetOptions {
  // Longest passage in characters (code points) of the article; the "…" that
  // mark cuts are not counted. A passage is always at least one whole match.
  std::size_t max_chars = 200;
  // At most this many passages, in text order, not overlapping, joined by " … ".
  std::size_t passages = 1;
};

// The part of `text` a snippet is built from: all of it up to `max_bytes`,
// else its beginning cut at the last whitespace within `max_bytes` (at a
// character boundary when there is none). It bounds the cost of a snippet on
// a huge text, as Solr's hl.maxAnalyzedChars does.
std::string_view snippet_source(std::string_view text, std::size_t max_bytes);

// Thread-compatible: const methods may be called from many threads.
class Highlighter {
 public:
  explicit Highlighter(HighlightTerms terms);
  // Shorthand for stems (and exact forms) only.
  explicit Highlighter(std::unordered_set<std::string> stems,
                       std::unordered_set<std::string> exact = {})
      : Highlighter(HighlightTerms{std::move(stems), std::move(exact), {}}) {}

  // True when nothing can be marked: a snippet is then the lead of the text.
  bool empty() const { return term_count_ == 0; }

  // All of `text` as written, with every matching word marked. Matching words
  // separated only by spaces or ZWNJ share one mark (a phrase).
  // REQUIRES: `tokens` = analyze(text).
  Highlighted mark_all(std::string_view text, const std::vector<Token>& tokens) const;

  // The best passages of `text`, marked as in mark_all. The best passage is
  // the window of at most `max_chars` with the most distinct query words, then
  // the most matches, then the most of the query's own word forms (the
  // earliest on a tie); it starts a little before its first match (at the
  // start of that sentence when it is near) and ends at a sentence end (. ! ?
  // ؟ ؛ ۔ … or a line break) when one is near the length limit, else at a word
  // boundary. Further passages are the best windows in the text left over.
  // "…" stands where text is left out. Runs of whitespace (line breaks
  // included) are shown as one space. With no match, the lead of the text.
  // REQUIRES: `tokens` = analyze(text), or analyze(snippet_source(text, n)).
  Highlighted snippet(std::string_view text, const std::vector<Token>& tokens,
                      const SnippetOptions& options) const;

  // The same from the tokens of parts of `text` (checkpoints.h): `tokens`
  // are those of analyze(text) in some stretches of it, in text order (with
  // their offsets and positions in the whole text), and `breaks` the indices
  // k (ascending) where text was left out before tokens[k]: 0 when the text's
  // first words are left out, tokens.size() when its last are. No window,
  // phrase or passage crosses a break. The result is snippet(text,
  // analyze(text)) when the stretches hold every window of matches that may
  // become a passage, with `max_chars` characters on each side and the token
  // beyond (the caller's promise: snippet_ranges() in checkpoints.h); "…"
  // still stands wherever text is left out of the snippet.
  Highlighted snippet(std::string_view text, const std::vector<Token>& tokens,
                      const std::vector<std::size_t>& breaks, const SnippetOptions& options) const;

  // What a word of a document is to this highlighter, from its stem: true
  // when it may be (part of) a match, a term's stem or a word of a phrase.
  bool wants(const std::string& stem) const;
  // Every stem wants() is true of, in no particular order.
  std::vector<std::string> wanted_stems() const;
  // The number of distinct terms (a phrase is one); term ids are below it.
  int term_count() const { return term_count_; }
  // The matches among `words` (the wanted words of a text, in position order;
  // only text, stem and position are read), as snippet() finds them: positions
  // [first, last] (a phrase spans several), the term, and whether every word
  // is one of the query's own forms.
  struct PositionMatch {
    std::uint32_t first = 0, last = 0;
    int term = 0;
    bool exact = false;
  };
  std::vector<PositionMatch> match_positions(const std::vector<Token>& words) const;

 private:
  struct Match;
  // Phrases never cross a break (sorted token indices).
  std::vector<Match> find_matches(const std::vector<Token>& tokens,
                                  const std::vector<std::size_t>& breaks = {}) const;

  int term_of(const std::string& stem) const;  // -1 for none

  static constexpr int kMaxListed = 8;
  std::unordered_map<std::string, int> term_of_stem_;
  std::vector<std::pair<std::string, int>> listed_stems_;  // the same, when few
  struct Phrase {
    std::vector<std::string> stems;  // two or more
    int term = 0;
  };
  std::unordered_multimap<std::string, Phrase> phrase_of_head_;  // by first stem
  std::unordered_set<std::string> exact_;
  std::unordered_set<std::string> phrase_words_;  // every stem of every phrase
  int term_count_ = 0;
};

}  // namespace kavosh
