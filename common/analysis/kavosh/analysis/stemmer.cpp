#include "kavosh/analysis/stemmer.h"

#include "kavosh/analysis/persian_stemmer.h"
#include "kavosh/util/strings.h"
#include "kavosh/util/utf8.h"

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

bool is_arabic_script_word(const std::string& word) {
  // U+0600..U+06FF are encoded as 0xD8..0xDB followed by a continuation byte.
  for (unsigned char c : word) {
    if (c >= 0xD8 && c <= 0xDB) return true;
  }
  return false;
}

Stemmer::Stemmer() : english_("english"), persian_(new PersianStemmer()) {}

std::string Stemmer::stem(const std::string& word) const {
  const bool arabic = is_arabic_script_word(word);
  if (!arabic && !is_latin_word(word)) return word;
  if (auto it = memo_.find(word); it != memo_.end()) return it->second;
  if (memo_.size() >= kMemoEntries) memo_.clear();
  std::string stem = arabic ? persian_(word) : english_(word);
  memo_.emplace(word, stem);
  return stem;
}

void Stemmer::apply(std::vector<Token>& tokens) const {
  for (Token& t : tokens) {
    t.stem = (t.kind == TokenKind::kWord) ? stem(t.text) : t.text;
  }
}

std::vector<std::string> stem_word_beginnings(const std::string& stem) {
  if (is_latin_word(stem)) return {};
  std::vector<std::string> out = {stem};
  if (is_arabic_script_word(stem)) {
    for (std::string_view p : kVerbPrefixes) out.push_back(std::string(p) + stem);
    // A participle of four letters or more is also the stem of its plural in
    // گان (نمایندگان -> نماینده), which starts with it less its ه.
    constexpr std::string_view kHeh = "ه";
    const std::string_view view(stem);
    if (count_code_points(view) >= 4 && ends_with(view, kHeh)) {
      const std::string_view before = view.substr(0, view.size() - kHeh.size());
      for (std::string_view letter : kParticipleLetters) {
        if (ends_with(before, letter)) out.emplace_back(before);
      }
    }
  }
  return out;
}

}  // namespace kavosh
