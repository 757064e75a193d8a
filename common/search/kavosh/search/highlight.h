// Which words of a text the query marks, found from the analyzer's tokens: a
// word matches by its analyzed form (so any spelling matches), and every mark
// lands on a token's offsets in the original text; nothing here searches the
// text again. The result is plain text plus spans; HTML is made at the edge
// (server/api_json.h). Passages (snippets) are chosen in passages.h.
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

// A marked range of a plain text: [start, end) in UTF-16 code units, the unit
// of JavaScript strings, so a client can rebuild the marks with slice().
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool operator==(const Span& o) const { return start == o.start && end == o.end; }
};

// A text ready to show: plain UTF-8 and its marks, in order, not
// overlapping, in UTF-16 units of `text`.
struct Highlighted {
  std::string text;
  std::vector<Span> spans;
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

// A match of a highlighter in a list of tokens: tokens [first, last] (a
// phrase spans several), which of its terms (0 .. term_count() - 1), and
// whether every word is one of the query's own forms.
struct TermMatch {
  std::size_t first = 0, last = 0;
  int term = 0;
  bool exact = false;
};

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
  // The number of distinct terms (a phrase is one); term ids are below it.
  int term_count() const { return term_count_; }

  // The matches among `tokens` (in position order; only text, stem and
  // position are read), left to right, the longest phrase first where
  // several start. `breaks` (sorted token indices) are places where text was
  // left out before that token: no phrase crosses one.
  std::vector<TermMatch> find_matches(const std::vector<Token>& tokens,
                                      const std::vector<std::size_t>& breaks = {}) const;

  // All of `text` as written, with every matching word marked. Matching words
  // separated only by spaces or ZWNJ share one mark (a phrase).
  // REQUIRES: `tokens` = analyze(text).
  Highlighted mark_all(std::string_view text, const std::vector<Token>& tokens) const;

  // What a word of a document is to this highlighter, from its stem: true
  // when it may be (part of) a match, a term's stem or a word of a phrase.
  bool wants(const std::string& stem) const;
  // Every stem wants() is true of, in no particular order.
  std::vector<std::string> wanted_stems() const;

 private:
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
