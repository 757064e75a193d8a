// The analysis chain on arbitrary bytes (analyzer.h, char_filter.h): no crash,
// and the token contract of token.h holds: offsets inside the input, in
// order and not overlapping (but see below); positions rising; normalized text valid UTF-8
// and at most kMaxTokenBytes; the same tokens every time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/char_filter.h"
#include "kavosh/util/utf8.h"

namespace {

using kavosh::Token;

// The char filter's map: one origin range per normalized byte, inside the input.
void check_normalized(std::string_view input, bool fold) {
  const kavosh::NormalizedText n = kavosh::normalize_text(input, fold);
  FUZZ_CHECK(kavosh::is_valid_utf8(n.text), n.text);
  FUZZ_CHECK(n.origin_start.size() == n.text.size(), n.text);
  FUZZ_CHECK(n.origin_end.size() == n.text.size(), n.text);
  for (std::size_t i = 0; i < n.text.size(); ++i) {
    FUZZ_CHECK(n.origin_start[i] <= n.origin_end[i], n.text);
    FUZZ_CHECK(n.origin_end[i] <= input.size(), n.text);
    if (i > 0) FUZZ_CHECK(n.origin_start[i - 1] <= n.origin_start[i], n.text);
  }
  if (fold) FUZZ_CHECK(kavosh::normalize_string(input) == n.text, n.text);
}

// True when `a` and `b` overlap only within characters of `input` that NFKC
// expands into several (U+FDFA ﷺ into four words, U+2100 ℀ into a/c). Each
// character of the shared bytes is looked at alone: marks the fold removes
// next to it (℅ with a fatha, regressions/analyzer/account-of-sign-marks)
// must not hide the expansion.
bool shares_a_character(std::string_view input, const Token& a, const Token& b) {
  const std::string_view shared = input.substr(b.start, a.end - b.start);
  std::size_t at = 0;
  while (at < shared.size()) {
    std::size_t end = at + 1;
    while (end < shared.size() &&
           kavosh::is_utf8_continuation(static_cast<unsigned char>(shared[end]))) {
      ++end;
    }
    const std::string_view character = shared.substr(at, end - at);
    if (kavosh::count_code_points(kavosh::normalize_string(character)) > 1) return true;
    at = end;
  }
  return false;
}

void check_tokens(std::string_view input, const std::vector<Token>& tokens) {
  const Token* previous = nullptr;
  for (const Token& t : tokens) {
    FUZZ_CHECK(t.start < t.end, t.text);
    FUZZ_CHECK(t.end <= input.size(), t.text);
    FUZZ_CHECK(!t.text.empty() && t.text.size() <= kavosh::Analyzer::kMaxTokenBytes, t.text);
    FUZZ_CHECK(kavosh::is_valid_utf8(t.text), t.text);
    FUZZ_CHECK(kavosh::is_valid_utf8(t.stem), t.stem);
    // Offsets in text, numbers too (regressions/analyzer/number-with-zwnj:
    // strip_digit_grouping() once left them where they were before its
    // commas went).
    std::uint32_t last_zwnj = 0;
    for (const std::uint32_t at : t.zwnj_at) {
      FUZZ_CHECK(at >= last_zwnj && at <= t.text.size(), t.text);
      last_zwnj = at;
    }
    if (previous != nullptr) {
      // The words NFKC makes of one character (U+FDFA ﷺ is four words,
      // U+2100 ℀ is a/c) all get that character's range, so tokens may
      // overlap there (regressions/analyzer/; what reads offsets allows
      // for it); else they follow each other.
      FUZZ_CHECK(t.start >= previous->start && t.end >= previous->end, t.text);
      FUZZ_CHECK(t.start >= previous->end || shares_a_character(input, *previous, t), t.text);
      FUZZ_CHECK(t.position > previous->position, t.text);
    }
    previous = &t;
  }
}

bool same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].text != b[i].text || a[i].stem != b[i].stem || a[i].start != b[i].start ||
        a[i].end != b[i].end || a[i].position != b[i].position || a[i].kind != b[i].kind ||
        a[i].space_before != b[i].space_before || a[i].zwnj_at != b[i].zwnj_at) {
      return false;
    }
  }
  return true;
}

// Kavosh's analyzer, and the ones kavosh-eval measures with stages off.
kavosh::Analyzer& analyzer_for(std::size_t size) {
  static kavosh::Analyzer full;
  static kavosh::Analyzer no_fold(kavosh::AnalyzerOptions{false, true, true});
  static kavosh::Analyzer no_join_stem(kavosh::AnalyzerOptions{true, false, false});
  switch (size % 4) {
    case 2:
      return no_fold;
    case 3:
      return no_join_stem;
    default:
      return full;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_normalized(input, true);
  check_normalized(input, false);
  kavosh::Analyzer& analyzer = analyzer_for(size);
  const std::vector<Token> tokens = analyzer.analyze(input);
  check_tokens(input, tokens);
  // One analyzer definition for documents and queries: the same text gives the same tokens.
  FUZZ_CHECK(same_tokens(tokens, analyzer.analyze(input)), input);
  return 0;
}
