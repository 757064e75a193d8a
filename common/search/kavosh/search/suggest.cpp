#include "kavosh/search/suggest.h"

#include <algorithm>
#include <utility>

#include "kavosh/analysis/compounds.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

// Words in at least this many articles are taken as spelled right.
constexpr Xapian::doccount kCommonWordArticles = 100;

bool has_digit(std::string_view s) { return s.find_first_of("0123456789") != std::string::npos; }

constexpr std::string_view kZwnj = "\u200C";
constexpr std::string_view kZwj = "\u200D";

// True for the word of a `source:` field (a name, not a word to correct).
bool after_source_field(std::string_view text, const Token& t) {
  if (t.start == 0 || text[t.start - 1] != ':') return false;
  const std::string_view before = text.substr(0, t.start - 1);
  for (std::string_view field : {std::string_view("source"), std::string_view("منبع")}) {
    if (before.size() >= field.size() && before.substr(before.size() - field.size()) == field) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string display_word(const Xapian::Database& db, const std::string& word) {
  std::optional<CompoundSplit> split = lookup_compound(db, word);
  if (!split) return lookup_written_form(db, word).value_or(word);
  // A ZWNJ typed by mistake once (پر‌سپولیس) also lands in the lexicon: put it
  // back only between two words each at least as common as the compound.
  const Xapian::doccount joined = db.get_termfreq(word);
  if (db.get_termfreq(split->head) < joined || db.get_termfreq(split->tail) < joined) return word;
  return split->head + std::string(kZwnj) + split->tail;
}

std::string spelling_correction(const Xapian::Database& db, Analyzer& analyzer,
                                std::string_view text) {
  const std::vector<Token> tokens = analyzer.analyze(text);
  std::string out;
  std::size_t copied = 0;  // bytes of `text` already in `out`
  bool changed = false;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord || has_digit(t.text)) continue;
    const std::size_t letters = count_code_points(t.text);
    if (letters < schema::kMinSpellingChars) continue;
    const std::string_view written = text.substr(t.start, t.end - t.start);
    // Operators and what they apply to stay as typed.
    if (written == "OR") continue;
    if (t.end < text.size() && (text[t.end] == ':' || text[t.end] == '*')) continue;
    if (after_source_field(text, t)) continue;
    // A word that many articles contain is not what failed the query (and
    // looking its neighbours up costs milliseconds: byte trigrams of a
    // two-byte script match many words).
    if (db.get_termfreq(t.text) >= kCommonWordArticles) continue;
    // Short words have many neighbours one edit away: allow one edit there.
    const unsigned max_edits = letters <= 4 ? 1 : 2;
    const std::string corrected = db.get_spelling_suggestion(t.text, max_edits);
    if (corrected.empty() || corrected == t.text) continue;
    out.append(text.substr(copied, t.start - copied));
    out += display_word(db, corrected);
    copied = t.end;
    changed = true;
  }
  if (!changed) return {};
  out.append(text.substr(copied));
  return out;
}

std::vector<std::string> complete_last_word(const Xapian::Database& db, Analyzer& analyzer,
                                            std::string_view text, std::size_t max) {
  std::vector<std::string> out;
  if (max == 0) return out;
  // A ZWNJ just typed belongs to the word being typed (می‌).
  std::string_view typed = text;
  while (true) {
    if (typed.size() >= kZwnj.size() && typed.substr(typed.size() - kZwnj.size()) == kZwnj) {
      typed.remove_suffix(kZwnj.size());
    } else if (typed.size() >= kZwj.size() && typed.substr(typed.size() - kZwj.size()) == kZwj) {
      typed.remove_suffix(kZwj.size());
    } else {
      break;
    }
  }
  const std::vector<Token> tokens = analyzer.analyze(typed);
  if (tokens.empty() || tokens.back().end != typed.size()) return out;
  const Token& last = tokens.back();
  const std::string& prefix = last.text;
  if (count_code_points(prefix) < kMinCompletionChars) return out;
  // Only words are completed, never prefixed terms.
  if (!schema::is_word_term(prefix)) return out;

  // The `max` most frequent words among the first kMaxCompletionScan with the prefix.
  std::vector<std::pair<Xapian::doccount, std::string>> best;  // a min-heap on frequency
  auto rarer = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::size_t scanned = 0;
  for (Xapian::TermIterator it = db.allterms_begin(prefix);
       it != db.allterms_end(prefix) && scanned < kMaxCompletionScan; ++it, ++scanned) {
    const Xapian::doccount freq = it.get_termfreq();
    if (best.size() < max) {
      best.emplace_back(freq, *it);
      std::push_heap(best.begin(), best.end(), rarer);
    } else if (freq > best.front().first) {
      std::pop_heap(best.begin(), best.end(), rarer);
      best.back() = {freq, *it};
      std::push_heap(best.begin(), best.end(), rarer);
    }
  }
  std::sort(best.begin(), best.end(), rarer);
  const std::string_view head = text.substr(0, last.start);
  for (const auto& [freq, word] : best) {
    std::string completion(head);
    completion += display_word(db, word);
    if (std::find(out.begin(), out.end(), completion) == out.end()) out.push_back(completion);
  }
  return out;
}

}  // namespace kavosh
