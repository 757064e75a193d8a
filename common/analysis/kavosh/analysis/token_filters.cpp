#include "kavosh/analysis/token_filters.h"

#include "kavosh/analysis/affixes.h"

#include <algorithm>
#include <string_view>

namespace kavosh {

namespace {

constexpr std::string_view kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER

template <typename Pred>
void erase_tokens_if(std::vector<Token>& tokens, Pred pred) {
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(), pred), tokens.end());
}

// Appends `next` to `t` (a rejoined affix): text, end offset, ZWNJ places.
void append_token(Token& t, const Token& next) {
  const auto shift = static_cast<std::uint32_t>(t.text.size());
  for (std::uint32_t at : next.zwnj_at) t.zwnj_at.push_back(at + shift);
  t.text += next.text;
  t.end = next.end;
}

}  // namespace

void join_detached_affixes(std::vector<Token>& tokens) {
  if (tokens.empty()) return;
  std::vector<Token> out;
  out.reserve(tokens.size());
  std::uint32_t merged = 0;  // tokens folded into a neighbour so far
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Token t = std::move(tokens[i]);
    t.position -= merged;
    // A prefix absorbs the following word.
    while (is_detached_prefix(t.text) && i + 1 < tokens.size() &&
           tokens[i + 1].kind == TokenKind::kWord && tokens[i + 1].space_before &&
           !is_detached_prefix(tokens[i + 1].text) && !is_detached_suffix(tokens[i + 1].text)) {
      append_token(t, tokens[i + 1]);
      ++merged;
      ++i;
    }
    // A suffix joins the word before it.
    if (!out.empty() && t.kind == TokenKind::kWord && t.space_before &&
        is_detached_suffix(t.text) && out.back().kind == TokenKind::kWord &&
        !is_detached_prefix(out.back().text) && out.back().position + 1 == t.position) {
      append_token(out.back(), t);
      ++merged;
      continue;
    }
    out.push_back(std::move(t));
  }
  tokens = std::move(out);
}

void remove_zwnj(std::vector<Token>& tokens) {
  for (Token& t : tokens) {
    for (std::size_t at = t.text.find(kZwnj); at != std::string::npos;
         at = t.text.find(kZwnj, at)) {
      t.text.erase(at, kZwnj.size());
      if (at > 0 && at < t.text.size() && (t.zwnj_at.empty() || t.zwnj_at.back() != at)) {
        t.zwnj_at.push_back(static_cast<std::uint32_t>(at));
      }
    }
  }
  erase_tokens_if(tokens, [](const Token& t) { return t.text.empty(); });
}

void strip_digit_grouping(std::vector<Token>& tokens) {
  for (Token& t : tokens) {
    if (t.kind != TokenKind::kNumber || t.text.find(',') == std::string::npos) continue;
    // zwnj_at are offsets in text: each moves back by the commas before it.
    std::string digits;
    std::size_t next_zwnj = 0;
    for (std::size_t at = 0; at <= t.text.size(); ++at) {
      while (next_zwnj < t.zwnj_at.size() && t.zwnj_at[next_zwnj] == at) {
        t.zwnj_at[next_zwnj++] = static_cast<std::uint32_t>(digits.size());
      }
      if (at < t.text.size() && t.text[at] != ',') digits.push_back(t.text[at]);
    }
    while (next_zwnj < t.zwnj_at.size()) {
      t.zwnj_at[next_zwnj++] = static_cast<std::uint32_t>(digits.size());
    }
    t.text = std::move(digits);
    // Offsets at the start or end, or twice at one place, mark no boundary.
    std::vector<std::uint32_t> kept;
    for (const std::uint32_t at : t.zwnj_at) {
      if (at > 0 && at < t.text.size() && (kept.empty() || kept.back() != at)) kept.push_back(at);
    }
    t.zwnj_at = std::move(kept);
  }
}

void drop_long_tokens(std::vector<Token>& tokens, std::size_t max_bytes) {
  erase_tokens_if(tokens, [max_bytes](const Token& t) { return t.text.size() > max_bytes; });
}

}  // namespace kavosh
