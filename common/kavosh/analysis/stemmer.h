// Stage 4: stemming. Fills Token::stem from Token::text.
//
// Latin-script words (NATO, iPhone in Persian news) use Xapian's English
// Snowball stemmer. Persian words are left as they are for now: Snowball in
// Xapian 1.4 has no Persian stemmer and its Arabic one mangles Persian
// (همراه -> همر); a Persian Xapian::StemImplementation is its own piece of work.
#pragma once

#include <xapian.h>

#include <string>
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
};

// True when `word` is made of ASCII letters and digits only, with at least one letter.
bool is_latin_word(const std::string& word);

}  // namespace kavosh
