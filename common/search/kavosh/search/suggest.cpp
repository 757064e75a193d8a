#include "kavosh/search/suggest.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <utility>

#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/fold.h"
#include "kavosh/index/article.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/passages.h"
#include "kavosh/search/term_stats.h"
#include "kavosh/search/typo_model.h"
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
  if (!split) {
    if (std::optional<std::string> form = lookup_written_form(db, word)) return *form;
    return lookup_letter_form(db, word).value_or(word);
  }
  // A ZWNJ typed by mistake once (پر‌سپولیس) also lands in the lexicon: put it
  // back only between two words each at least as common as the compound.
  const Xapian::doccount joined = db.get_termfreq(word);
  if (db.get_termfreq(split->head) < joined || db.get_termfreq(split->tail) < joined) return word;
  return split->head + std::string(kZwnj) + split->tail;
}

namespace {

// A word some articles contain is replaced only by a neighbour at least this
// many times as common: it may be a rare name or term spelled right. In the
// typo set (tests/eval/spelling/), real words one slip from a more common
// one stand at 24 to 62 times (میشوید in 63 articles, میشود in 3,887; کنگ 81,
// کند 3,355); a misspelling a few articles make stands at hundreds.
constexpr double kKnownWordRatio = 100;
// Words of fewer letters that some articles contain are never replaced:
// nearly every two-letter string is a word or one slip from several.
constexpr std::size_t kMinLettersToReplace = 3;
// How much a slip's cost (typo_model.h) weighs against the natural log of the
// articles that contain the neighbour: a slip cheaper by 0.4 is worth a
// neighbour in 3.3 times fewer articles.
constexpr double kCostWeight = 3.0;
// The best candidates of a word weighed again by the query words beside it,
// and how much: the natural log of 1 + the articles that have the candidate
// next to them is added to its score.
constexpr std::size_t kContextCandidates = 5;
constexpr double kContextWeight = 1.0;
// Rare words of one query looked at, at most (each costs up to a few
// milliseconds): a pasted paragraph costs no more than a short query.
constexpr int kMaxRareWords = 8;
// Articles read to find how a corrected word is written (written_form).
constexpr int kFormArticles = 3;
// Bytes of an article's text analysed to find a word in it.
constexpr std::size_t kFormBytes = 32 * 1024;

// A replacement for one word, or for two (a split word joined).
struct Choice {
  std::string text;  // normalized words, one space between two
  double score = 0;
};

// True when a word in `typed` articles may be replaced by one in `found`.
bool much_more_common(Xapian::doccount typed, Xapian::doccount found) {
  return typed == 0 ? found > 0 : found >= kKnownWordRatio * typed;
}

double score_of(Xapian::doccount articles, double cost) {
  return std::log(static_cast<double>(articles)) - kCostWeight * cost;
}

// Articles in which `a` and `b` stand side by side (counted up to 100).
Xapian::doccount phrase_articles(const Xapian::Database& db, const std::string& a,
                                 const std::string& b) {
  const std::string words[] = {a, b};
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(words), std::end(words), 2));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, 100).get_matches_lower_bound();
}

// The best correction of one word in `articles` articles: a neighbour one
// slip away (typo_model.h), a space put back (two words that stand together
// in articles), or Xapian's two-edit suggestion; none when no candidate is
// much more common. The best few are weighed again by the query words beside
// the word (`before`, `after`; empty when none): a candidate articles have
// next to them fits the query (صحن علنی مجل: مجلس, not the commoner محل).
std::optional<Choice> correct_word(const Xapian::Database& db, const std::string& word,
                                   Xapian::doccount articles, const std::string& before,
                                   const std::string& after, bool remote) {
  std::vector<Choice> candidates;
  // Looked up in term order: neighbouring look-ups share the B-tree blocks
  // already read.
  std::vector<TypoNeighbour> neighbours = typo_neighbours(word);
  std::sort(neighbours.begin(), neighbours.end(),
            [](const TypoNeighbour& a, const TypoNeighbour& b) { return a.word < b.word; });
  std::vector<std::string> words;
  for (const TypoNeighbour& n : neighbours) words.push_back(n.word);
  const std::unordered_map<std::string, Xapian::doccount> frequencies =
      term_frequencies(db, words, remote);
  for (const TypoNeighbour& n : neighbours) {
    const Xapian::doccount f = frequencies.at(n.word);
    if (much_more_common(articles, f)) candidates.push_back({n.word, score_of(f, n.cost)});
  }
  if (articles == 0) {
    for (const auto& [left, right] : word_splits(word)) {
      if (db.get_termfreq(left) == 0 || db.get_termfreq(right) == 0) continue;
      const Xapian::doccount together = phrase_articles(db, left, right);
      if (together > 0) candidates.push_back({left + " " + right, score_of(together, kLikelySlip)});
    }
  }
  // Two slips: Xapian's dictionary, for a word no article has (it costs
  // milliseconds: trigrams of a two-byte script match many words).
  if (candidates.empty() && articles == 0 && count_code_points(word) > 4) {
    const std::string far = db.get_spelling_suggestion(word, 2);
    if (!far.empty() && far != word) {
      const Xapian::doccount found = db.get_termfreq(far);
      if (much_more_common(articles, found)) {
        candidates.push_back({far, score_of(found, 2 * kOtherLetter)});
      }
    }
  }
  if (candidates.empty()) return std::nullopt;
  auto better = [](const Choice& a, const Choice& b) {
    return a.score != b.score ? a.score > b.score : a.text < b.text;
  };
  const std::size_t weighed = std::min(candidates.size(), kContextCandidates);
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(weighed),
                    candidates.end(), better);
  candidates.resize(weighed);
  if (!before.empty() || !after.empty()) {
    for (Choice& c : candidates) {
      // A split candidate meets its neighbours with its own two ends.
      const std::size_t space = c.text.find(' ');
      const std::string first = c.text.substr(0, space);
      const std::string last = space == std::string::npos ? c.text : c.text.substr(space + 1);
      Xapian::doccount beside = 0;
      if (!before.empty()) beside += phrase_articles(db, before, first);
      if (!after.empty()) beside += phrase_articles(db, last, after);
      c.score += kContextWeight * std::log1p(static_cast<double>(beside));
    }
    std::sort(candidates.begin(), candidates.end(), better);
  }
  return candidates.front();
}

// How `part` writes the word whose normalized form is `word`, if it has it.
std::optional<std::string> written_in(Analyzer& analyzer, std::string_view part,
                                      const std::string& word) {
  for (const Token& t : analyzer.analyze(part)) {
    if (t.text != word) continue;
    std::string form = shown_form(part.substr(t.start, t.end - t.start));
    // An affix written apart (اندازه ای) is shown with its ZWNJ.
    for (std::size_t at = form.find(' '); at != std::string::npos; at = form.find(' ', at)) {
      std::size_t end = at;
      while (end < form.size() && std::isspace(static_cast<unsigned char>(form[end]))) ++end;
      form.replace(at, end - at, std::string(kZwnj));
    }
    return form;
  }
  return std::nullopt;
}

// How articles write `word` (a normalized word): the form most of the first
// few articles containing it use (ائتلاف for ایتلاف, صلح‌آمیز with its madda,
// بازارها joined as most write it), else display_word's.
std::string written_form(const Xapian::Database& db, Analyzer& analyzer, const std::string& word) {
  std::vector<std::pair<std::string, int>> forms;  // in the order first seen
  int read = 0;
  for (Xapian::PostingIterator p = db.postlist_begin(word);
       p != db.postlist_end(word) && read < kFormArticles; ++p, ++read) {
    Result<Article> article = article_from_data(db.get_document(*p).get_data());
    if (!article.ok()) continue;
    std::optional<std::string> form = written_in(analyzer, article.value().title, word);
    // The body a little at a time: the word is usually near its start.
    for (std::size_t bytes = 4096; !form; bytes *= 4) {
      const std::string_view part = snippet_source(article.value().body, bytes);
      form = written_in(analyzer, part, word);
      if (bytes >= kFormBytes || part.size() == article.value().body.size()) break;
    }
    if (!form) continue;
    auto it =
        std::find_if(forms.begin(), forms.end(), [&](const auto& f) { return f.first == *form; });
    if (it == forms.end()) {
      forms.emplace_back(std::move(*form), 1);
    } else {
      ++it->second;
    }
  }
  if (forms.empty()) return display_word(db, word);
  const auto most = std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) {
    return a.second < b.second;  // the first seen of equal counts
  });
  return most->first;
}

// `text` (normalized words, one space between two) as articles write it.
std::string written_words(const Xapian::Database& db, Analyzer& analyzer, const std::string& text) {
  const std::size_t space = text.find(' ');
  if (space == std::string::npos) return written_form(db, analyzer, text);
  return written_form(db, analyzer, text.substr(0, space)) + " " +
         written_form(db, analyzer, text.substr(space + 1));
}

// True for a word token the corrector may change: not an operator, a field
// name or value, a prefix (word*), a number, or a single letter.
bool correctable(std::string_view text, const Token& t) {
  if (t.kind != TokenKind::kWord || has_digit(t.text)) return false;
  if (count_code_points(t.text) < schema::kMinSpellingChars) return false;
  const std::string_view written = text.substr(t.start, t.end - t.start);
  if (written == "OR") return false;
  if (t.end < text.size() && (text[t.end] == ':' || text[t.end] == '*')) return false;
  return !after_source_field(text, t);
}

}  // namespace

std::string spelling_correction(const Xapian::Database& db, Analyzer& analyzer,
                                std::string_view text, bool remote) {
  const std::vector<Token> tokens = analyzer.analyze(text);
  std::string out;
  std::size_t copied = 0;  // bytes of `text` already in `out`
  bool changed = false;
  int rare_words = 0;
  auto replace = [&](std::size_t start, std::size_t end, const std::string& with) {
    out.append(text.substr(copied, start - copied));
    out += with;
    copied = end;
    changed = true;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!correctable(text, t)) continue;
    // A word that many articles contain is spelled right (and looking its
    // neighbours up would cost a millisecond for nothing).
    const Xapian::doccount articles = db.get_termfreq(t.text);
    if (articles >= kCommonWordArticles) continue;
    if (++rare_words > kMaxRareWords) break;
    // A space typed inside a word (ورز شگاه): the two joined are a word
    // much more common than the two side by side. Not when articles write
    // the two apart as a compound or with a ZWNJ: that is a spelling.
    if (i + 1 < tokens.size() && tokens[i + 1].space_before && correctable(text, tokens[i + 1])) {
      const Token& next = tokens[i + 1];
      const std::string joined = t.text + next.text;
      const Xapian::doccount together = db.get_termfreq(joined);
      if (together > 0 && !lookup_compound(db, joined) && !lookup_written_form(db, joined) &&
          much_more_common(phrase_articles(db, t.text, next.text), together)) {
        replace(t.start, next.end, written_form(db, analyzer, joined));
        ++i;
        continue;
      }
    }
    if (articles > 0 && count_code_points(t.text) < kMinLettersToReplace) continue;
    // The words beside it, as the query has them.
    const std::string before =
        i > 0 && t.space_before && correctable(text, tokens[i - 1]) ? tokens[i - 1].text : "";
    const std::string after =
        i + 1 < tokens.size() && tokens[i + 1].space_before && correctable(text, tokens[i + 1])
            ? tokens[i + 1].text
            : "";
    const std::optional<Choice> best = correct_word(db, t.text, articles, before, after, remote);
    if (!best) continue;
    replace(t.start, t.end, written_words(db, analyzer, best->text));
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
