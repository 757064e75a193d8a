#include "kavosh/search/compound_heads.h"

#include <algorithm>
#include <vector>

#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

bool has_ascii_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Xapian::doccount word_articles_of(const Xapian::Database& db, const std::string& word) {
  return db.get_termfreq(std::string(schema::kPrefixWord) + word);
}

}  // namespace

std::optional<std::string> compound_head(const Xapian::Database& db, const std::string& word,
                                         Xapian::doccount word_articles) {
  // Persian script only: its first byte is not ASCII (Latin compounds such
  // as "football" are words of their own).
  if (word.empty() || static_cast<unsigned char>(word[0]) < 0x80 || has_ascii_digit(word)) {
    return std::nullopt;
  }
  std::vector<std::size_t> starts;  // byte offset of each letter
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (!is_utf8_continuation(static_cast<unsigned char>(word[i]))) starts.push_back(i);
  }
  const std::size_t letters = starts.size();
  if (letters < kCompoundMinLetters || letters > kCompoundMaxLetters) return std::nullopt;
  const double head_at_least = kCompoundHeadRatio * static_cast<double>(word_articles);
  std::optional<std::string> best;
  Xapian::doccount best_rarer = 0;
  for (std::size_t k = kCompoundPartMinLetters; k + kCompoundPartMinLetters <= letters; ++k) {
    std::string head = word.substr(0, starts[k]);
    const std::string tail = word.substr(starts[k]);
    const Xapian::doccount head_articles = word_articles_of(db, head);
    if (head_articles < kCompoundPartMinArticles || head_articles < head_at_least) continue;
    if (is_stop_word(head) || is_stop_word(tail)) continue;
    const Xapian::doccount tail_articles = word_articles_of(db, tail);
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
