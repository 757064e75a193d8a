#include "eval/typos.h"

#include <chrono>
#include <fstream>
#include <set>

#include "eval/tsv.h"
#include "kavosh/search/suggest.h"

namespace kavosh::eval {

namespace {

// The words of `text` as the analyzer reads them, one space between.
std::string normalized(Analyzer& analyzer, const std::string& text) {
  std::string out;
  for (const Token& t : analyzer.analyze(text)) {
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

// Adds one row's outcome, `suggestion` being empty for none.
void count(TypoScores& scores, Analyzer& analyzer, const Typo& t, const std::string& suggestion) {
  KindScore& kind = scores.by_kind[t.kind];
  ++kind.queries;
  const bool suggested = !suggestion.empty() && suggestion != t.typed;
  if (suggested) ++kind.suggested;
  if (t.kind == kVariantKind) {
    if (suggested) scores.misses.push_back(t.kind + ": " + t.typed + " -> " + suggestion);
    return;
  }
  ++scores.typos.queries;
  if (suggested) ++scores.typos.suggested;
  const bool right =
      suggested && normalized(analyzer, suggestion) == normalized(analyzer, t.expected);
  if (right) {
    ++kind.right;
    ++scores.typos.right;
    if (suggestion == t.expected) {
      ++kind.written;
      ++scores.typos.written;
    }
  } else {
    scores.misses.push_back(t.kind + ": " + t.typed + " -> " +
                            (suggested ? suggestion : std::string("(none)")) + " (" + t.expected +
                            ")");
  }
}

}  // namespace

Result<std::vector<Typo>> parse_typos(std::istream& in, const std::string& name) {
  std::vector<Typo> out;
  std::set<std::string> typed;
  for (const TsvRow& row : read_tsv_rows(in, name)) {
    const std::string& place = row.place;
    const std::vector<std::string>& f = row.fields;
    if (f.size() != 3) {
      return Error::bad_request(place +
                                "expected 3 tab-separated fields (kind, typed, expected), found " +
                                std::to_string(f.size()));
    }
    if (f[0].empty() || f[1].empty())
      return Error::bad_request(place + "empty kind or typed query");
    if (f[0] == kVariantKind && !f[2].empty()) {
      return Error::bad_request(place +
                                "a variant expects no suggestion: leave the third field empty");
    }
    if (f[0] != kVariantKind && f[2].empty()) {
      return Error::bad_request(place + "a typo needs the query meant in the third field");
    }
    if (!typed.insert(f[1]).second) return Error::bad_request(place + "repeated query " + f[1]);
    out.push_back(Typo{f[0], f[1], f[2]});
  }
  return out;
}

Result<std::vector<Typo>> read_typos(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found("cannot read " + path.string());
  return parse_typos(in, path.string());
}

TypoScores score_corrector(const Xapian::Database& db, Analyzer& analyzer,
                           const std::vector<Typo>& typos) {
  TypoScores scores;
  for (const Typo& t : typos) {
    const auto start = std::chrono::steady_clock::now();
    const std::string suggestion = spelling_correction(db, analyzer, t.typed);
    scores.latency_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    count(scores, analyzer, t, suggestion);
  }
  return scores;
}

TypoScores score_xapian_spelling(const Xapian::Database& db, Analyzer& analyzer,
                                 const std::vector<Typo>& typos) {
  TypoScores scores;
  for (const Typo& t : typos) {
    std::string suggestion;
    bool changed = false;
    for (const Token& token : analyzer.analyze(t.typed)) {
      std::string word = token.text;
      const std::string found = db.get_spelling_suggestion(word, 2);
      if (!found.empty() && found != word) {
        word = found;
        changed = true;
      }
      if (!suggestion.empty()) suggestion += ' ';
      suggestion += word;
    }
    count(scores, analyzer, t, changed ? suggestion : std::string());
  }
  return scores;
}

}  // namespace kavosh::eval
