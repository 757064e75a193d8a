// Internal to the search layer (highlight.cpp, passages.cpp): building a
// Highlighted text, its plain text and its UTF-16 spans together, so the two
// cannot disagree.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "kavosh/analysis/token.h"
#include "kavosh/search/highlight.h"

namespace kavosh {

class MarkedTextBuilder {
 public:
  explicit MarkedTextBuilder(bool collapse_spaces) : collapse_(collapse_spaces) {}

  // Appends `s` as written (runs of ASCII whitespace as one space when collapsing).
  void add(std::string_view s);
  void open() { mark_start_ = units_; }
  // A mark with nothing in it (a word whose characters an overlapping one
  // already wrote) is dropped.
  void close() {
    if (units_ > mark_start_) out_.spans.push_back(Span{mark_start_, units_});
  }
  Highlighted take() { return std::move(out_); }

 private:
  Highlighted out_;
  bool collapse_;
  bool last_space_ = false;
  std::uint32_t units_ = 0;
  std::uint32_t mark_start_ = 0;
};

// Appends text[from, to) with marks on the matches that lie inside tokens
// [b, e]; adjacent matches separated only by spaces or ZWNJ share one mark.
// REQUIRES: `matches` in order, as Highlighter::find_matches gives them.
void render_marked(MarkedTextBuilder& out, std::string_view text, const std::vector<Token>& tokens,
                   const std::vector<TermMatch>& matches, std::size_t b, std::size_t e,
                   std::size_t from, std::size_t to);

// True for ASCII whitespace (what a snippet shows as one space).
constexpr bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace kavosh
