#include "kavosh/search/highlight.h"

#include <algorithm>

#include "kavosh/search/marked_text.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

// True when only spaces and ZWNJ separate two words: they read as one phrase.
bool joins_words(std::string_view gap) {
  static constexpr std::string_view kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER
  static constexpr std::string_view kNbsp = "\xC2\xA0";      // U+00A0 NO-BREAK SPACE
  while (!gap.empty()) {
    if (gap[0] == ' ' || gap[0] == '\t') {
      gap.remove_prefix(1);
    } else if (gap.substr(0, kZwnj.size()) == kZwnj) {
      gap.remove_prefix(kZwnj.size());
    } else if (gap.substr(0, kNbsp.size()) == kNbsp) {
      gap.remove_prefix(kNbsp.size());
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

void MarkedTextBuilder::add(std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (collapse_ && is_ascii_space(c)) {
      if (!last_space_) {
        out_.text.push_back(' ');
        ++units_;
      }
      last_space_ = true;
      continue;
    }
    last_space_ = false;
    out_.text.push_back(ch);
    units_ += utf16_units_of_lead(c);
  }
}

void render_marked(MarkedTextBuilder& out, std::string_view text, const std::vector<Token>& tokens,
                   const std::vector<TermMatch>& matches, std::size_t b, std::size_t e,
                   std::size_t from, std::size_t to) {
  auto m = std::lower_bound(matches.begin(), matches.end(), b,
                            [](const TermMatch& x, std::size_t first) { return x.first < first; });
  std::size_t cursor = from;
  bool open = false;
  std::size_t open_last = 0;  // last token of the open mark
  for (; m != matches.end() && m->last <= e; ++m) {
    // Word by word: a phrase separated by punctuation gets a mark per word.
    for (std::size_t k = m->first; k <= m->last; ++k) {
      // Tokens may share characters (the words NFKC makes of one character,
      // such as U+FDFA, all carry its range): text is written once.
      const std::size_t start = std::max<std::size_t>(tokens[k].start, cursor);
      const std::size_t end = std::max<std::size_t>(tokens[k].end, start);
      if (!open || k != open_last + 1 || !joins_words(text.substr(cursor, start - cursor))) {
        if (open) out.close();
        out.add(text.substr(cursor, start - cursor));
        out.open();
        open = true;
        cursor = start;
      }
      out.add(text.substr(cursor, end - cursor));
      cursor = end;
      open_last = k;
    }
  }
  if (open) out.close();
  if (cursor < to) out.add(text.substr(cursor, to - cursor));
}

Highlighter::Highlighter(HighlightTerms terms) : exact_(std::move(terms.exact)) {
  auto add_stem = [this](const std::string& stem) {
    if (!term_of_stem_.emplace(stem, term_count_).second) return;
    if (term_count_ < kMaxListed) listed_stems_.emplace_back(stem, term_count_);
    ++term_count_;
  };
  for (const std::string& stem : terms.stems) add_stem(stem);
  for (std::vector<std::string>& stems : terms.phrases) {
    if (stems.size() == 1) add_stem(stems[0]);  // a phrase of one word is a word
    if (stems.size() < 2) continue;
    std::string head = stems[0];
    for (const std::string& stem : stems) phrase_words_.insert(stem);
    phrase_of_head_.emplace(std::move(head), Phrase{std::move(stems), term_count_++});
  }
}

int Highlighter::term_of(const std::string& stem) const {
  // A query has a few words: comparing is cheaper than hashing every token.
  if (term_of_stem_.size() <= kMaxListed) {
    for (const auto& [s, term] : listed_stems_) {
      if (s.size() == stem.size() && s == stem) return term;
    }
    return -1;
  }
  const auto it = term_of_stem_.find(stem);
  return it == term_of_stem_.end() ? -1 : it->second;
}

bool Highlighter::wants(const std::string& stem) const {
  return term_of(stem) >= 0 || phrase_words_.count(stem) != 0;
}

std::vector<std::string> Highlighter::wanted_stems() const {
  std::vector<std::string> out;
  for (const auto& [stem, term] : term_of_stem_) out.push_back(stem);
  for (const std::string& stem : phrase_words_) {
    if (term_of_stem_.count(stem) == 0) out.push_back(stem);
  }
  return out;
}

std::vector<TermMatch> Highlighter::find_matches(const std::vector<Token>& tokens,
                                                 const std::vector<std::size_t>& breaks) const {
  std::vector<TermMatch> out;
  auto next_break = breaks.begin();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    // The first break after token i: a phrase ends before it.
    while (next_break != breaks.end() && *next_break <= i) ++next_break;
    const std::size_t stretch_end = next_break == breaks.end() ? tokens.size() : *next_break;
    const Token& t = tokens[i];
    if (!phrase_of_head_.empty()) {
      // The longest phrase that starts here.
      const Phrase* best = nullptr;
      auto [lo, hi] = phrase_of_head_.equal_range(t.stem);
      for (auto it = lo; it != hi; ++it) {
        const std::vector<std::string>& stems = it->second.stems;
        if (i + stems.size() > stretch_end) continue;
        if (best != nullptr && stems.size() <= best->stems.size()) continue;
        bool all = true;
        for (std::size_t k = 1; k < stems.size() && all; ++k) {
          const Token& w = tokens[i + k];
          all = w.stem == stems[k] && w.position == tokens[i + k - 1].position + 1;
        }
        if (all) best = &it->second;
      }
      if (best != nullptr) {
        const std::size_t last = i + best->stems.size() - 1;
        bool exact = true;
        for (std::size_t k = i; k <= last; ++k) exact = exact && exact_.count(tokens[k].text) != 0;
        out.push_back(TermMatch{i, last, best->term, exact});
        i = last;
        continue;
      }
    }
    if (const int term = term_of(t.stem); term >= 0) {
      out.push_back(TermMatch{i, i, term, exact_.count(t.text) != 0});
    }
  }
  return out;
}

Highlighted Highlighter::mark_all(std::string_view text, const std::vector<Token>& tokens) const {
  MarkedTextBuilder out(/*collapse_spaces=*/false);
  if (tokens.empty()) {
    out.add(text);
    return out.take();
  }
  render_marked(out, text, tokens, find_matches(tokens), 0, tokens.size() - 1, 0, text.size());
  return out.take();
}

}  // namespace kavosh
