// Snippets: the best passages of a text for a query, as plain text plus the
// spans of its marks. The one passage scorer (score_windows) serves the
// whole-text path here and the checkpoint path of fast_snippets.h, so the two
// rank windows alike by construction.
//
// From matches to a snippet: Highlighter::find_matches gives the matches in
// token order; score_windows rates, for each match, the window of matches a
// passage starting there can hold within the length limit; the best window
// (most distinct query terms, then most matches, then most of the query's own
// word forms; the earliest on a tie) is widened into a passage at sentence and
// word boundaries; further passages are the best windows in the text left
// over; the passages are rendered with their marks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <vector>

#include "kavosh/analysis/token.h"
#include "kavosh/search/highlight.h"

namespace kavosh {

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

// The score of a window of matches: distinct terms, matches, exact forms;
// compared lexicographically.
using WindowScore = std::tuple<std::size_t, std::size_t, std::size_t>;

// For each match i of matches[begin, end): the window a passage starting at
// match i takes, grown over the following matches while fits(i, j) holds (it
// always holds match i), as its last match and its score. `M` has `term`
// (0 .. term_count - 1; others count as one more term) and `exact`.
template <typename M, typename Fits>
void score_windows(const std::vector<M>& matches, std::size_t begin, std::size_t end,
                   int term_count, Fits&& fits, std::vector<WindowScore>& score,
                   std::vector<std::size_t>& last) {
  score.assign(end - begin, WindowScore{});
  last.assign(end - begin, 0);
  std::vector<std::size_t> count(static_cast<std::size_t>(std::max(term_count, 0)) + 1, 0);
  auto term = [&](std::size_t k) {
    const int t = matches[k].term;
    return t >= 0 && t < term_count ? static_cast<std::size_t>(t) : count.size() - 1;
  };
  std::size_t distinct = 0, exact = 0, j = begin;
  for (std::size_t i = begin; i < end; ++i) {
    if (j < i) j = i;
    while (j < end && (j == i || fits(i, j))) {
      if (count[term(j)]++ == 0) ++distinct;
      exact += matches[j].exact ? 1 : 0;
      ++j;
    }
    score[i - begin] = WindowScore{distinct, j - i, exact};
    last[i - begin] = j - 1;
    if (--count[term(i)] == 0) --distinct;
    exact -= matches[i].exact ? 1 : 0;
  }
}

// The best passages of `text` for `highlighter`, marked as mark_all marks
// them. A passage starts a little before its first match (at the start of
// that sentence when it is near) and ends at a sentence end (. ! ? ؟ ؛ ۔ …
// or a line break) when one is near the length limit, else at a word
// boundary. "…" stands where text is left out. Runs of whitespace (line
// breaks included) are shown as one space. With no match, the lead of the text.
// REQUIRES: `tokens` = analyze(text), or analyze(snippet_source(text, n));
// or, with `breaks`, the tokens of analyze(text) in some stretches of it, in
// text order (offsets and positions in the whole text), `breaks` being the
// indices k (ascending) where text was left out before tokens[k] (0 when the
// text's first words are left out, tokens.size() when its last are). No
// window, phrase or passage crosses a break. The result is the same as from
// all of the text's tokens when the stretches hold every window of matches
// that may become a passage, with `max_chars` characters on each side and
// the token beyond (fast_snippets.h: snippet_ranges()).
Highlighted make_snippet(const Highlighter& highlighter, std::string_view text,
                         const std::vector<Token>& tokens, const SnippetOptions& options,
                         const std::vector<std::size_t>& breaks = {});

}  // namespace kavosh
