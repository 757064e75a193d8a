#include "kavosh/analysis/analyzer.h"

#include "kavosh/analysis/char_filter.h"
#include "kavosh/analysis/token_filters.h"

namespace kavosh {

std::string Analyzer::id() { return std::string(kName) + " " + std::to_string(kVersion); }

std::vector<Token> Analyzer::analyze(std::string_view text) {
  NormalizedText normalized = normalize_text(text);
  std::vector<Token> tokens = tokenizer_.tokenize(normalized);
  remove_zwnj(tokens);
  strip_digit_grouping(tokens);
  drop_long_tokens(tokens, kMaxTokenBytes);
  stemmer_.apply(tokens);
  return tokens;
}

}  // namespace kavosh
