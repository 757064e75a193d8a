#include "kavosh/index/document.h"

#include <cstdint>
#include <iterator>
#include <string_view>
#include <unordered_map>

#include "kavosh/analysis/char_filter.h"
#include "kavosh/index/checkpoint_table.h"
#include "kavosh/index/dates.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

std::string prefixed(std::string_view prefix, std::string_view term) {
  std::string out;
  out.reserve(prefix.size() + term.size());
  out.append(prefix);
  out.append(term);
  return out;
}

}  // namespace

// A normalized, trimmed, single-spaced value for boolean filter terms.
std::string normalize_filter_value(const std::string& raw) {
  std::string norm = normalize_string(raw);
  std::string out;
  bool space = false;
  for (char c : norm) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

namespace {

std::string filter_value(const std::string& raw) { return normalize_filter_value(raw); }

// The boolean term for a normalized value; hashed when too long for Xapian.
std::string filter_term(std::string_view prefix, const std::string& raw) {
  std::string value = filter_value(raw);
  std::string term = prefixed(prefix, value);
  if (term.size() > schema::kMaxTermBytes) term = prefixed(prefix, stable_hash(value));
  return term;
}

void add_boolean(Xapian::Document& doc, std::string_view prefix, const std::string& raw) {
  if (filter_value(raw).empty()) return;
  doc.add_boolean_term(filter_term(prefix, raw));
}

}  // namespace

std::string unique_key(const Article& a) {
  if (!a.id.empty()) return "id\x1f" + filter_value(a.source) + "\x1f" + filter_value(a.id);
  if (!a.url.empty()) return "url\x1f" + a.url;
  return "text\x1f" + stable_hash(a.title + "\x1f" + a.body);
}

unsigned archive_shard(const Article& article, unsigned shards) {
  // Mixed: the indexer's parallel writers take the plain hash's first 32 bits
  // modulo their number, so the articles of one part still spread over all.
  return static_cast<unsigned>(mix64(fnv1a64(unique_key(article))) % shards);
}

std::string unique_term(const Article& article) {
  std::string key = unique_key(article);
  std::string term = prefixed(schema::kPrefixUnique, key);
  if (term.size() > schema::kMaxTermBytes) {
    term = prefixed(schema::kPrefixUnique, "h\x1f" + stable_hash(key));
  }
  return term;
}

std::string api_id(const Article& article) {
  if (!article.id.empty()) return article.id;
  return kDerivedIdMark + stable_hash(unique_key(article));
}

std::string id_term(const std::string& id) {
  const std::string value = filter_value(id);
  std::string term = prefixed(schema::kPrefixId, value);
  if (term.size() > schema::kMaxTermBytes) {
    term = prefixed(schema::kPrefixId, "h\x1f" + stable_hash(value));
  }
  return term;
}

std::string source_term(const std::string& source) {
  return filter_term(schema::kPrefixSource, source);
}

std::string category_term(const std::string& category) {
  return filter_term(schema::kPrefixCategory, category);
}

bool is_spelling_word(const std::string& term) {
  if (!schema::is_word_term(term)) return false;
  if (term.find_first_of("0123456789") != std::string::npos) return false;
  return count_code_points(term) >= schema::kMinSpellingChars;
}

std::vector<std::string> spelling_words(const Xapian::Document& doc) {
  std::vector<std::string> words;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    if (is_spelling_word(term)) words.push_back(term);
  }
  return words;
}

namespace {

// The metadata key of `word` under `prefix`; empty when too long for Xapian.
std::string meta_key(std::string_view prefix, const std::string& word) {
  std::string key = prefixed(prefix, word);
  if (key.size() > schema::kMaxTermBytes) key.clear();
  return key;
}

}  // namespace

void store_compounds(Xapian::WritableDatabase& db, const CompoundLexicon& compounds) {
  for (const auto& [joined, split] : compounds) {
    const std::string key = meta_key(schema::kMetaCompoundPrefix, joined);
    if (!key.empty()) db.set_metadata(key, split.head + schema::kCompoundSeparator + split.tail);
  }
}

std::optional<CompoundSplit> lookup_compound(const Xapian::Database& db,
                                             const std::string& joined) {
  const std::string key = meta_key(schema::kMetaCompoundPrefix, joined);
  if (key.empty()) return std::nullopt;
  const std::string value = db.get_metadata(key);
  const std::size_t sep = value.find(schema::kCompoundSeparator);
  if (sep == std::string::npos) return std::nullopt;
  return CompoundSplit{value.substr(0, sep), value.substr(sep + 1)};
}

void store_written_forms(Xapian::WritableDatabase& db, const WrittenForms& written) {
  for (const auto& [joined, form] : written) {
    const std::string key = meta_key(schema::kMetaWrittenPrefix, joined);
    if (!key.empty()) db.set_metadata(key, form);
  }
}

std::optional<std::string> lookup_written_form(const Xapian::Database& db,
                                               const std::string& word) {
  const std::string key = meta_key(schema::kMetaWrittenPrefix, word);
  if (key.empty()) return std::nullopt;
  std::string form = db.get_metadata(key);
  if (form.empty()) return std::nullopt;
  return form;
}

namespace {

// A kMetaLetterFormPrefix value: form and articles.
std::optional<std::pair<std::string, std::uint64_t>> parse_letter_form(const std::string& value) {
  const std::size_t sep = value.rfind(schema::kCompoundSeparator);
  if (sep == std::string::npos || sep == 0 || sep + 1 == value.size()) return std::nullopt;
  std::uint64_t articles = 0;
  for (std::size_t i = sep + 1; i < value.size(); ++i) {
    if (value[i] < '0' || value[i] > '9' || articles > (UINT64_MAX - 9) / 10) return std::nullopt;
    articles = articles * 10 + static_cast<std::uint64_t>(value[i] - '0');
  }
  return std::pair{value.substr(0, sep), articles};
}

}  // namespace

std::string merge_letter_forms(const std::vector<std::string>& values) {
  std::unordered_map<std::string, std::uint64_t> articles;
  std::vector<std::string> order;  // forms in the order first seen
  for (const std::string& v : values) {
    std::optional<std::pair<std::string, std::uint64_t>> form = parse_letter_form(v);
    if (!form) continue;
    auto [it, added] = articles.emplace(form->first, 0);
    if (added) order.push_back(form->first);
    it->second += form->second;
  }
  if (order.empty()) return values.empty() ? std::string() : values.front();
  const std::string* best = &order.front();
  for (const std::string& f : order) {
    if (articles[f] > articles[*best]) best = &f;
  }
  return *best + schema::kCompoundSeparator + std::to_string(articles[*best]);
}

void store_letter_forms(Xapian::WritableDatabase& db, const LetterForms& letters) {
  for (const auto& [word, forms] : letters) {
    const std::string key = meta_key(schema::kMetaLetterFormPrefix, word);
    if (key.empty()) continue;
    std::optional<std::pair<std::string, std::uint64_t>> best =
        parse_letter_form(db.get_metadata(key));
    for (const auto& [form, articles] : forms) {
      if (best && best->first == form) {
        best->second += articles;
      } else if (!best || articles > best->second) {
        best = std::pair{form, std::uint64_t{articles}};
      }
    }
    if (best) {
      db.set_metadata(key, best->first + schema::kCompoundSeparator + std::to_string(best->second));
    }
  }
}

std::optional<std::string> lookup_letter_form(const Xapian::Database& db, const std::string& word) {
  const std::string key = meta_key(schema::kMetaLetterFormPrefix, word);
  if (key.empty()) return std::nullopt;
  std::optional<std::pair<std::string, std::uint64_t>> form =
      parse_letter_form(db.get_metadata(key));
  if (!form || 2 * form->second <= db.get_termfreq(word)) return std::nullopt;
  return std::move(form->first);
}

Xapian::Document build_document(const Article& article, Analyzer& analyzer,
                                CompoundLexicon* compounds, WrittenForms* written,
                                LetterForms* letters) {
  auto note_compound = [compounds, written](const Token& t) {
    if (t.zwnj_at.empty() || t.kind != TokenKind::kWord) return;
    if (std::optional<CompoundSplit> split = compound_split(t)) {
      if (compounds != nullptr) compounds->emplace(t.text, *split);
    } else if (written != nullptr) {
      if (std::optional<std::string> form = affixed_spelling(t)) written->emplace(t.text, *form);
    }
  };
  // A word written with letters the analyzer folds, counted once per article.
  std::unordered_map<std::string_view, std::string> letter_forms;
  auto note_letters = [letters, &letter_forms](const Token& t, std::string_view source) {
    if (letters == nullptr) return;
    if (std::optional<std::string> form = letter_spelling(t, source)) {
      letter_forms.emplace(t.text, std::move(*form));
    }
  };
  Xapian::Document doc;
  Xapian::termpos next_position = 1;  // Xapian positions start at 1

  std::vector<Token> title = analyzer.analyze(article.title);
  std::vector<Token> body = analyzer.analyze(article.body);
  // Stems carry no positions: each is added once with its count, which
  // spares Xapian a look-up per occurrence.
  std::unordered_map<std::string_view, Xapian::termcount> stems;
  std::unordered_map<std::string_view, Xapian::termcount> title_stems;
  stems.reserve(title.size() + body.size());
  for (const Token& t : title) {
    note_compound(t);
    note_letters(t, article.title);
    const Xapian::termpos pos = next_position + t.position;
    doc.add_posting(prefixed(schema::kPrefixWord, t.text), pos);
    doc.add_posting(prefixed(schema::kPrefixTitle, t.text), pos);
    ++stems[t.stem];
    ++title_stems[t.stem];
  }
  if (!title.empty()) next_position += title.back().position + 1;
  next_position += schema::kBodyPositionGap;

  for (const Token& t : body) {
    note_compound(t);
    note_letters(t, article.body);
    doc.add_posting(prefixed(schema::kPrefixWord, t.text), next_position + t.position);
    ++stems[t.stem];
  }
  for (const auto& [word, form] : letter_forms) ++(*letters)[std::string(word)][form];
  for (const auto& [stem, count] : stems) doc.add_term(prefixed(schema::kPrefixStem, stem), count);
  for (const auto& [stem, count] : title_stems) {
    doc.add_term(prefixed(schema::kPrefixTitleStem, stem), count);
  }
  if (article.body.size() >= kCheckpointMinBodyBytes) {
    doc.add_value(schema::kSlotBodyCheckpoints,
                  encode_checkpoints(article.body, body, next_position));
  }

  add_boolean(doc, schema::kPrefixSource, article.source);
  add_boolean(doc, schema::kPrefixCategory, article.category);
  for (const std::string& tag : article.tags) add_boolean(doc, schema::kPrefixTag, tag);
  doc.add_boolean_term(unique_term(article));
  const std::string id = api_id(article);
  doc.add_boolean_term(id_term(id));
  doc.add_value(schema::kSlotApiId, id);

  // Near-duplicate fingerprint; day 0 when the article has no date.
  const int day = article.date.empty() ? 0 : day_number(article.date).value_or(0);
  if (std::optional<Fingerprint> f = fingerprint(title, body, day)) {
    doc.add_value(schema::kSlotDupFingerprint, encode_fingerprint(*f));
  }

  if (!article.date.empty()) {
    doc.add_value(schema::kSlotDate, date_sort_key(article.date));
    if (std::optional<JalaliMonth> month = jalali_month_of(article.date)) {
      doc.add_value(schema::kSlotMonth, month_key(*month));
    }
  }
  const std::string date_key = doc.get_value(schema::kSlotDate);
  doc.add_value(schema::kSlotDateUndatedLast, date_key.empty() ? "~" : date_key);
  if (!article.source.empty()) doc.add_value(schema::kSlotSource, article.source);
  if (!article.category.empty()) doc.add_value(schema::kSlotCategory, article.category);

  doc.set_data(article_to_data(article));
  return doc;
}

}  // namespace kavosh
