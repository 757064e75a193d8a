#include "kavosh/search/compound_heads.h"

#include <algorithm>

#include "kavosh/analysis/stop_words.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

bool has_ascii_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<std::pair<std::string, std::string>> compound_splits(const std::string& word) {
  // Persian script only: its first byte is not ASCII (Latin compounds such
  // as "football" are words of their own).
  if (word.empty() || static_cast<unsigned char>(word[0]) < 0x80 || has_ascii_digit(word)) {
    return {};
  }
  std::vector<std::size_t> starts;  // byte offset of each letter
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (!is_utf8_continuation(static_cast<unsigned char>(word[i]))) starts.push_back(i);
  }
  const std::size_t letters = starts.size();
  if (letters < kCompoundMinLetters || letters > kCompoundMaxLetters) return {};
  std::vector<std::pair<std::string, std::string>> splits;
  for (std::size_t k = kCompoundPartMinLetters; k + kCompoundPartMinLetters <= letters; ++k) {
    splits.emplace_back(word.substr(0, starts[k]), word.substr(starts[k]));
  }
  return splits;
}

std::optional<std::string> compound_head(const std::string& word, Xapian::doccount word_articles,
                                         const WordArticles& articles) {
  const double head_at_least = kCompoundHeadRatio * static_cast<double>(word_articles);
  std::optional<std::string> best;
  Xapian::doccount best_rarer = 0;
  for (auto& [head, tail] : compound_splits(word)) {
    const Xapian::doccount head_articles = articles(head);
    if (head_articles < kCompoundPartMinArticles || head_articles < head_at_least) continue;
    if (is_stop_word(head) || is_stop_word(tail)) continue;
    const Xapian::doccount tail_articles = articles(tail);
    if (tail_articles < kCompoundPartMinArticles) continue;
    const Xapian::doccount rarer = std::min(head_articles, tail_articles);
    if (rarer > best_rarer) {
      best_rarer = rarer;
      best = std::move(head);
    }
  }
  return best;
}

}  // namespace kavosh
