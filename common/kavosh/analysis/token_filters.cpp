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

}  // namespace

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
