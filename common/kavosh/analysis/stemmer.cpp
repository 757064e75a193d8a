#include "kavosh/analysis/stemmer.h"

namespace kavosh {

bool is_latin_word(const std::string& word) {
  bool letter = false;
  for (unsigned char c : word) {
    if (c >= 'a' && c <= 'z') {
      letter = true;
    } else if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z')) {
      return false;
    }
  }
  return letter;
}

Stemmer::Stemmer() : english_("english") {}

std::string Stemmer::stem(const std::string& word) const {
  if (is_latin_word(word)) return english_(word);
  return word;
}

void Stemmer::apply(std::vector<Token>& tokens) const {
  for (Token& t : tokens) {
    t.stem = (t.kind == TokenKind::kWord) ? stem(t.text) : t.text;
  }
}

}  // namespace kavosh
