// Stage 4: stemming. Fills Token::stem from Token::text.
//
// Arabic-script words use PersianStemmer (persian_stemmer.h): Snowball in
// Xapian 1.4 has no Persian stemmer and its Arabic one mangles Persian
// (همراه -> همر). Latin-script words (NATO, iPhone in Persian news) use
// Xapian's English Snowball stemmer. Other words are kept as they are.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "kavosh/analysis/token.h"

namespace kavosh {

// Not thread-safe (Snowball keeps state): one per thread.
class Stemmer {
 public:
  Stemmer();
  // The stem of one normalized word.
  std::string stem(const std::string& word) const;
  // Sets `stem` on every token.
  void apply(std::vector<Token>& tokens) const;

 private:
  mutable Xapian::Stem english_;
  mutable Xapian::Stem persian_;
  // Words repeat (news vocabulary is Zipfian): stems already computed, up to
  // kMemoEntries words, then the memo is cleared.
  static constexpr std::size_t kMemoEntries = 1 << 16;
  mutable std::unordered_map<std::string, std::string> memo_;
};

// Where the words whose stem may be `stem` start: a Persian stem is its word,
// or a prefix of it, or of it after one of kVerbPrefixes (persian_stemmer.h),
// so the stem and the stem after each verb prefix; a participle in ده or ته
// also begins its plural in گان less its ه. Empty for a Latin stem,
// which Snowball may have made from any Latin word.
std::vector<std::string> stem_word_beginnings(const std::string& stem);

// True when `word` contains a letter of the Arabic block (U+0600..U+06FF).
bool is_arabic_script_word(const std::string& word);

// True when `word` is made of ASCII letters and digits only, with at least one letter.
bool is_latin_word(const std::string& word);

}  // namespace kavosh
