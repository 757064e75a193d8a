// Highlighting and snippets from the analyzer's token offsets: words are found
// by their analyzed form (so any spelling matches) and marked in the original
// text, which is shown as written and HTML-escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kavosh/analysis/token.h"

namespace kavosh {

// Escapes & < > " ' for HTML text and attribute contexts.
std::string html_escape(std::string_view text);

class Highlighter {
 public:
  // `stems`: the query's words as Token::stem values (what is marked);
  // `exact`: as Token::text values (a passage with the query's own word forms
  // is preferred over one with other inflections).
  explicit Highlighter(std::unordered_set<std::string> stems,
                       std::unordered_set<std::string> exact = {})
      : stems_(std::move(stems)), exact_(std::move(exact)) {}

  bool matches(const Token& token) const { return stems_.count(token.stem) != 0; }
  bool matches_exactly(const Token& token) const { return exact_.count(token.text) != 0; }

  // All of `text`, escaped, with every matching word in <mark>...</mark>.
  // Matching words separated only by spaces share one mark (a phrase).
  // REQUIRES: `tokens` = analyze(text).
  std::string mark_all(std::string_view text, const std::vector<Token>& tokens) const;

  // The best passage of at most about `max_chars` characters (code points):
  // the window with the most distinct query words, then the most exact word
  // forms, then the most matches,
  // extended to a sentence start where it fits; "…" where text is cut. With no
  // match, the lead of the text.
  // REQUIRES: `tokens` = analyze(text).
  std::string snippet(std::string_view text, const std::vector<Token>& tokens,
                      std::size_t max_chars) const;

 private:
  // Escaped text[from, to) with marks on the matching tokens in [first, last).
  std::string render(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
                     std::size_t last, std::size_t from, std::size_t to) const;

  std::unordered_set<std::string> stems_;
  std::unordered_set<std::string> exact_;
};

}  // namespace kavosh
