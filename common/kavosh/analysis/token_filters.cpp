#include "kavosh/analysis/token_filters.h"

#include <algorithm>
#include <string_view>

namespace kavosh {

namespace {

constexpr std::string_view kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER

template <typename Pred>
void erase_tokens_if(std::vector<Token>& tokens, Pred pred) {
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(), pred), tokens.end());
}

// Normalized forms (fold.h letters): prefixes written apart from their verb.
bool is_detached_prefix(const std::string& t) { return t == "می" || t == "نمی"; }

// Suffixes written apart from their word.
bool is_detached_suffix(const std::string& t) {
  static const char* const kSuffixes[] = {
      // plural, with the possessive clitics that follow it
      "ها",
      "های",
      "هایی",
      "هایم",
      "هایت",
      "هایش",
      "هایمان",
      "هایتان",
      "هایشان",
      // comparative and superlative
      "تر",
      "ترین",
      "تری",
      "ترها",
      // verbal clitics (رفته اند, خسته ام) and the indefinite ای (خانه ای)
      "ام",
      "ای",
      "ایم",
      "اید",
      "اند",
  };
  for (const char* s : kSuffixes) {
    if (t == s) return true;
  }
  return false;
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
      t.text += tokens[i + 1].text;
      t.end = tokens[i + 1].end;
      ++merged;
      ++i;
    }
    // A suffix joins the word before it.
    if (!out.empty() && t.kind == TokenKind::kWord && t.space_before &&
        is_detached_suffix(t.text) && out.back().kind == TokenKind::kWord &&
        !is_detached_prefix(out.back().text) && out.back().position + 1 == t.position) {
      out.back().text += t.text;
      out.back().end = t.end;
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
    }
  }
  erase_tokens_if(tokens, [](const Token& t) { return t.text.empty(); });
}

void strip_digit_grouping(std::vector<Token>& tokens) {
  for (Token& t : tokens) {
    if (t.kind != TokenKind::kNumber) continue;
    t.text.erase(std::remove(t.text.begin(), t.text.end(), ','), t.text.end());
  }
}

void drop_long_tokens(std::vector<Token>& tokens, std::size_t max_bytes) {
  erase_tokens_if(tokens, [max_bytes](const Token& t) { return t.text.size() > max_bytes; });
}

}  // namespace kavosh
