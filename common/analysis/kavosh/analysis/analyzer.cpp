#include "kavosh/analysis/analyzer.h"

#include "kavosh/analysis/char_filter.h"
#include "kavosh/analysis/token_filters.h"

#include <iterator>

namespace kavosh {

namespace {

struct Stage {
  const char* off_flag;
  bool AnalyzerOptions::*member;
};
constexpr Stage kStages[] = {{" -fold", &AnalyzerOptions::fold},
                             {" -join", &AnalyzerOptions::join},
                             {" -stem", &AnalyzerOptions::stem}};

std::string base_id() {
  return std::string(Analyzer::kName) + " " + std::to_string(Analyzer::kVersion);
}

}  // namespace

std::string Analyzer::id_for(const AnalyzerOptions& options) {
  std::string out = base_id();
  for (const Stage& s : kStages) {
    if (!(options.*s.member)) out += s.off_flag;
  }
  return out;
}

std::optional<AnalyzerOptions> Analyzer::options_from_id(std::string_view id) {
  for (unsigned mask = 0; mask < (1u << std::size(kStages)); ++mask) {
    AnalyzerOptions candidate;
    for (std::size_t i = 0; i < std::size(kStages); ++i) {
      candidate.*kStages[i].member = (mask & (1u << i)) == 0;
    }
    if (id_for(candidate) == id) return candidate;
  }
  return std::nullopt;
}

std::vector<Token> Analyzer::analyze(std::string_view text) {
  NormalizedText normalized = normalize_text(text, options_.fold);
  std::vector<Token> tokens = tokenizer_.tokenize(normalized);
  remove_zwnj(tokens);
  if (options_.join) join_detached_affixes(tokens);
  strip_digit_grouping(tokens);
  drop_long_tokens(tokens, kMaxTokenBytes);
  if (options_.stem) {
    stemmer_.apply(tokens);
  } else {
    for (Token& t : tokens) t.stem = t.text;
  }
  return tokens;
}

}  // namespace kavosh
