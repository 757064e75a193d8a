#include "kavosh/analysis/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace kavosh {

namespace {

// The prototype is created once (loading ICU's rules is the expensive part);
// each Tokenizer clones it.
const icu::BreakIterator& prototype() {
  static const icu::BreakIterator* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* bi = icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status);
    if (U_FAILURE(status) || bi == nullptr) {
      throw std::runtime_error(std::string("ICU word break iterator unavailable: ") +
                               u_errorName(status));
    }
    return bi;
  }();
  return *instance;
}

// True when text[from, to) is non-empty and all whitespace (ASCII spaces, line
// breaks, NO-BREAK SPACE and the other Unicode spaces).
bool only_whitespace(const std::string& text, int32_t from, int32_t to) {
  if (from >= to) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  for (int32_t i = from; i < to;) {
    UChar32 c;
    U8_NEXT(s, i, to, c);
    if (c < 0 || !u_isUWhiteSpace(c)) return false;
  }
  return true;
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

}  // namespace

Tokenizer::Tokenizer() : breaker_(prototype().clone()) {
  if (!breaker_) throw std::runtime_error("cannot clone ICU word break iterator");
}

Tokenizer::~Tokenizer() = default;

std::vector<Token> Tokenizer::tokenize(const NormalizedText& normalized) {
  std::vector<Token> tokens;
  const std::string& text = normalized.text;
  if (text.empty()) return tokens;

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (U_FAILURE(status)) return tokens;
  breaker_->setText(ut.get(), status);
  if (U_FAILURE(status)) return tokens;

  std::uint32_t position = 0;
  int32_t previous_end = -1;  // end of the previous token, -1 before the first
  int32_t start = breaker_->first();
  for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker_->next()) {
    const int32_t rule = breaker_->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, symbols
    Token token;
    token.text.assign(text, static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
    auto [from, to] =
        normalized.original_range(static_cast<std::size_t>(start), static_cast<std::size_t>(end));
    token.start = from;
    token.end = to;
    token.position = position++;
    token.kind = (rule < UBRK_WORD_NUMBER_LIMIT) ? TokenKind::kNumber : TokenKind::kWord;
    token.space_before = previous_end >= 0 && only_whitespace(text, previous_end, start);
    previous_end = end;
    tokens.push_back(std::move(token));
  }
  // Detach the iterator from `text` before the UText is closed.
  breaker_->setText(icu::UnicodeString());
  return tokens;
}

}  // namespace kavosh
