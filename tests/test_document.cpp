// The Xapian document of an article (index/document.h), term by term and slot
// by slot as schema.h spells them, and the identities and filter values it
// is found by.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fixture_news.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/article.h"
#include "kavosh/index/checkpoint_table.h"
#include "kavosh/index/document.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/hash.h"

namespace schema = kavosh::schema;

namespace {

const std::string kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER

// A term of a document: its wdf and positions.
struct TermEntry {
  Xapian::termcount wdf = 0;
  std::vector<Xapian::termpos> positions;
};

std::map<std::string, TermEntry> terms_of(const Xapian::Document& doc) {
  std::map<std::string, TermEntry> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    TermEntry& e = out[*t];
    e.wdf = t.get_wdf();
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) e.positions.push_back(*p);
  }
  return out;
}

// One line a term, "term wdf N at P...", in term order: readable when a check fails.
std::vector<std::string> lines_of(const std::map<std::string, TermEntry>& terms) {
  std::vector<std::string> out;
  for (const auto& [term, e] : terms) {
    std::string line = term + " wdf " + std::to_string(e.wdf) + " at";
    for (Xapian::termpos p : e.positions) line += " " + std::to_string(p);
    out.push_back(std::move(line));
  }
  return out;
}

// The value slots a document sets, "slot=value" in slot order.
using Slots = std::map<Xapian::valueno, std::string>;
std::vector<std::string> lines_of(const Slots& slots) {
  std::vector<std::string> out;
  for (const auto& [slot, value] : slots) out.push_back(std::to_string(slot) + "=" + value);
  return out;
}
std::vector<std::string> values_of(const Xapian::Document& doc) {
  Slots slots;
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) slots[v.get_valueno()] = *v;
  return lines_of(slots);
}

std::string prefixed(std::string_view prefix, const std::string& rest) {
  return std::string(prefix) + rest;
}

// Xapian's first position, then the title's two words and the gap.
constexpr Xapian::termpos kTitlePos = 1;
constexpr Xapian::termpos kBodyPos = 1 + 2 + schema::kBodyPositionGap;

kavosh::Article full_article() {
  kavosh::Article a;
  a.id = "۱۲";
  a.url = "https://x.example/12";
  a.title = "کتاب‌های تهران";
  a.body = "دفتر کتابی در تهران و کتاب‌ها ۱۴۰۴";
  a.date = "2026-01-06T09:30:00";  // 16 Dey 1404
  a.source = "خبرگزاري  پيک";      // Arabic yeh, two spaces
  a.category = "اقتصاد";
  a.tags = {"بودجه", "Tax"};
  return a;
}

}  // namespace

TEST_CASE("build_document: every term of the schema, with wdf and positions", "[document]") {
  kavosh::Analyzer analyzer;
  const Xapian::Document doc = kavosh::build_document(full_article(), analyzer);
  const std::string qkey =
      "id\x1f"
      "خبرگزاری پیک\x1f"
      "12";
  const std::map<std::string, TermEntry> expected = {
      // Words as analyzed (ZWNJ removed, digits folded), title first, then
      // the body after the gap.
      {"کتابهای", {1, {kTitlePos}}},
      {"تهران", {2, {kTitlePos + 1, kBodyPos + 3}}},
      {"دفتر", {1, {kBodyPos}}},
      {"کتابی", {1, {kBodyPos + 1}}},
      {"در", {1, {kBodyPos + 2}}},
      {"و", {1, {kBodyPos + 4}}},
      {"کتابها", {1, {kBodyPos + 5}}},
      {"1404", {1, {kBodyPos + 6}}},
      // Title words again, at the same positions.
      {prefixed(schema::kPrefixTitle, "کتابهای"), {1, {kTitlePos}}},
      {prefixed(schema::kPrefixTitle, "تهران"), {1, {kTitlePos + 1}}},
      // Stems of title and body with their counts, no positions.
      {prefixed(schema::kPrefixStem, "کتاب"), {3, {}}},
      {prefixed(schema::kPrefixStem, "تهران"), {2, {}}},
      {prefixed(schema::kPrefixStem, "دفتر"), {1, {}}},
      {prefixed(schema::kPrefixStem, "در"), {1, {}}},
      {prefixed(schema::kPrefixStem, "و"), {1, {}}},
      {prefixed(schema::kPrefixStem, "1404"), {1, {}}},
      // Title stems.
      {prefixed(schema::kPrefixTitleStem, "کتاب"), {1, {}}},
      {prefixed(schema::kPrefixTitleStem, "تهران"), {1, {}}},
      // Boolean terms: normalized values.
      {prefixed(schema::kPrefixSource, "خبرگزاری پیک"), {0, {}}},
      {prefixed(schema::kPrefixCategory, "اقتصاد"), {0, {}}},
      {prefixed(schema::kPrefixTag, "بودجه"), {0, {}}},
      {prefixed(schema::kPrefixTag, "tax"), {0, {}}},
      {prefixed(schema::kPrefixUnique, qkey), {0, {}}},
      {prefixed(schema::kPrefixId, "12"), {0, {}}},
  };
  CHECK(lines_of(terms_of(doc)) == lines_of(expected));
}

TEST_CASE("build_document: value slots and the stored article", "[document]") {
  kavosh::Analyzer analyzer;
  const kavosh::Article article = full_article();
  const Xapian::Document doc = kavosh::build_document(article, analyzer);
  // A short text: no fingerprint, no checkpoints; clusters and origins are the writer's.
  CHECK(values_of(doc) == lines_of(Slots{
                              {schema::kSlotDate, "20260106093000"},
                              {schema::kSlotSource, "خبرگزاري  پيک"},  // as written
                              {schema::kSlotCategory, "اقتصاد"},
                              {schema::kSlotMonth, "1404-10"},
                              {schema::kSlotApiId, "۱۲"},  // the record's own id, as given
                              {schema::kSlotDateUndatedLast, "20260106093000"},
                          }));

  const kavosh::Result<kavosh::Article> back = kavosh::article_from_data(doc.get_data());
  REQUIRE(back.ok());
  const kavosh::Article& a = back.value();
  CHECK(a.id == article.id);
  CHECK(a.url == article.url);
  CHECK(a.title == article.title);
  CHECK(a.body == article.body);
  CHECK(a.date == article.date);
  CHECK(a.source == article.source);
  CHECK(a.category == article.category);
  CHECK(a.tags == article.tags);

  // Without id, date, source, category or tags: only what there is.
  kavosh::Article bare;
  bare.url = "https://x.example/bare";
  bare.body = "خبر";
  const Xapian::Document bare_doc = kavosh::build_document(bare, analyzer);
  const std::string derived =
      std::string(1, kavosh::kDerivedIdMark) + kavosh::stable_hash("url\x1fhttps://x.example/bare");
  CHECK(values_of(bare_doc) ==
        lines_of(Slots{{schema::kSlotApiId, derived}, {schema::kSlotDateUndatedLast, "~"}}));
  std::vector<std::string> boolean;
  for (const auto& [term, entry] : terms_of(bare_doc)) {
    if (entry.wdf == 0) boolean.push_back(term);
  }
  CHECK(boolean == std::vector<std::string>{"Qurl\x1fhttps://x.example/bare",
                                            prefixed(schema::kPrefixId, derived)});
}

TEST_CASE("build_document: a near-duplicate fingerprint of headline, body and day", "[document]") {
  kavosh::Analyzer analyzer;
  kavosh::Article a;
  a.id = "long";
  a.title = "گزارش بلند";
  a.body = kavosh::testing::generated_text(7, 120);
  a.date = "2026-01-05T10:00:00";
  const Xapian::Document doc = kavosh::build_document(a, analyzer);
  const std::string stored = doc.get_value(schema::kSlotDupFingerprint);
  const std::optional<kavosh::Fingerprint> f =
      kavosh::fingerprint(analyzer.analyze(a.title), analyzer.analyze(a.body), 20458);
  REQUIRE(f);
  CHECK(stored == kavosh::encode_fingerprint(*f));
  // Undated: day 0.
  kavosh::Article undated = a;
  undated.date.clear();
  kavosh::Fingerprint no_day = *f;
  no_day.day = 0;
  CHECK(kavosh::build_document(undated, analyzer).get_value(schema::kSlotDupFingerprint) ==
        kavosh::encode_fingerprint(no_day));
  // Another title, another fingerprint: the headline is evidence.
  kavosh::Article retitled = a;
  retitled.title = "عنوان دیگری برای همان متن";
  CHECK(kavosh::build_document(retitled, analyzer).get_value(schema::kSlotDupFingerprint) !=
        stored);
}

TEST_CASE("build_document: a checkpoint table only for bodies of kCheckpointMinBodyBytes",
          "[document]") {
  kavosh::Analyzer analyzer;
  struct Row {
    std::size_t body_bytes;
    bool has_table;
  };
  const Row rows[] = {
      {100, false},
      {kavosh::kCheckpointMinBodyBytes - 1, false},
      {kavosh::kCheckpointMinBodyBytes, true},
      {3 * kavosh::kCheckpointMinBodyBytes, true},
  };
  for (const Row& r : rows) {
    INFO(r.body_bytes << " bytes");
    kavosh::Article a;
    a.title = "گزارش بلند";  // two words: the body starts at kBodyPos
    a.body.clear();
    while (a.body.size() < r.body_bytes) a.body += "word ";
    a.body.resize(r.body_bytes, 'x');
    const std::string value =
        kavosh::build_document(a, analyzer).get_value(schema::kSlotBodyCheckpoints);
    CHECK(value.empty() == !r.has_table);
    if (!r.has_table) continue;
    const std::optional<kavosh::CheckpointTable> table = kavosh::decode_checkpoints(value);
    REQUIRE(table);
    CHECK(table->base_position == kBodyPos);
    CHECK(table->stride == kavosh::kCheckpointStride);
    REQUIRE_FALSE(table->points.empty());
    CHECK(table->points.back().byte == r.body_bytes);
  }
}

TEST_CASE("build_document: compounds written with a ZWNJ go into the lexicon", "[document]") {
  kavosh::Analyzer analyzer;
  kavosh::Article a;
  a.title = "سه" + kZwnj + "شنبه";
  a.body = "نخست" + kZwnj + "وزیر عراق کتاب" + kZwnj + "ها را دید و گفت می" + kZwnj + "خواهم بزرگ" +
           kZwnj + "ترین نخستوزیر دیگر";
  kavosh::CompoundLexicon lexicon;
  lexicon.emplace("پیشین", kavosh::CompoundSplit{"پی", "شین"});  // from an earlier article
  const Xapian::Document doc = kavosh::build_document(a, analyzer, &lexicon);

  std::map<std::string, std::pair<std::string, std::string>> got;
  for (const auto& [joined, split] : lexicon) got[joined] = {split.head, split.tail};
  // Affixes written with a ZWNJ (plural, verb prefix, superlative) are not
  // compounds; the joined spelling gives nothing to go on.
  CHECK(got == std::map<std::string, std::pair<std::string, std::string>>{
                   {"پیشین", {"پی", "شین"}},
                   {"سهشنبه", {"سه", "شنبه"}},
                   {"نخستوزیر", {"نخست", "وزیر"}},
               });
  // The compound is one word of the document, wherever it was written with a ZWNJ.
  const std::map<std::string, TermEntry> terms = terms_of(doc);
  REQUIRE(terms.count("نخستوزیر") == 1);
  CHECK(terms.at("نخستوزیر").wdf == 2);
  CHECK(terms.count("نخست") == 0);
  CHECK(terms.count("وزیر") == 0);

  // Without a lexicon the document is the same.
  CHECK(lines_of(terms_of(kavosh::build_document(a, analyzer))) == lines_of(terms));
}

TEST_CASE("build_document: other words written with a ZWNJ keep their written form", "[document]") {
  kavosh::Analyzer analyzer;
  kavosh::Article a;
  a.title = "کتاب" + kZwnj + "های تازه";
  a.body = "نخست" + kZwnj + "وزیر گفت می" + kZwnj + "خواهم بزرگ" + kZwnj +
           "ترین کتابها و کتاب ها و ۱۲" + kZwnj + "۳ ا" + kZwnj + "سترا" + kZwnj + "حت نمایند" +
           kZwnj + "ه در می" + kZwnj + "ان";
  kavosh::CompoundLexicon lexicon;
  kavosh::WrittenForms written;
  kavosh::build_document(a, analyzer, &lexicon, &written);
  // Affixes set apart by a ZWNJ (plural, verb prefix, superlative); not the
  // compound (it is in the lexicon), nor words written joined or spaced, nor
  // numbers, nor a ZWNJ slipped inside a word (ا‌سترا‌حت, نمایند‌ه,
  // می‌ان).
  CHECK(std::map<std::string, std::string>(written.begin(), written.end()) ==
        std::map<std::string, std::string>{
            {"کتابهای", "کتاب" + kZwnj + "های"},
            {"میخواهم", "می" + kZwnj + "خواهم"},
            {"بزرگترین", "بزرگ" + kZwnj + "ترین"},
        });
  CHECK(lexicon.count("نخستوزیر") == 1);

  // Stored as metadata and found again by the joined word.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  kavosh::store_written_forms(db, written);
  CHECK(kavosh::lookup_written_form(db, "کتابهای") == "کتاب" + kZwnj + "های");
  CHECK_FALSE(kavosh::lookup_written_form(db, "کتابها").has_value());
  CHECK_FALSE(kavosh::lookup_written_form(db, std::string(300, 'x')).has_value());
}

TEST_CASE("build_document: words written with letters the analyzer folds, once per article",
          "[document]") {
  kavosh::Analyzer analyzer;
  kavosh::Article a;
  a.title = "ائتلاف تازه";
  // ائتلاف twice (one article), آزادی, مسئله; Arabic yeh and kaf (كتابي),
  // a kasra, a word with a ZWNJ and plain words are no letter form.
  a.body = "ائتلاف برای آزادی و مسئله" + kZwnj + "ها و مسئله و كتابي و کتابِ ایران ائتلاف";
  kavosh::LetterForms letters;
  kavosh::build_document(a, analyzer, nullptr, nullptr, &letters);
  std::map<std::string, std::map<std::string, std::uint32_t>> got;
  for (const auto& [word, forms] : letters) got[word] = {forms.begin(), forms.end()};
  CHECK(got == std::map<std::string, std::map<std::string, std::uint32_t>>{
                   {"ایتلاف", {{"ائتلاف", 1}}},
                   {"ازادی", {{"آزادی", 1}}},
                   {"مسیله", {{"مسئله", 1}}},
               });
}

TEST_CASE("letter forms: counts added up, shown when most articles write so", "[document]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  // Three articles contain ایتلاف, two of them write ائتلاف; four contain
  // ایران, one writes إیران.
  for (int i = 0; i < 4; ++i) {
    Xapian::Document doc;
    doc.add_term("ایران");
    if (i < 3) doc.add_term("ایتلاف");
    db.add_document(doc);
  }
  kavosh::store_letter_forms(db, {{"ایتلاف", {{"ائتلاف", 1}}}, {"ایران", {{"إیران", 1}}}});
  CHECK_FALSE(kavosh::lookup_letter_form(db, "ایتلاف").has_value());  // 1 of 3
  kavosh::store_letter_forms(db, {{"ایتلاف", {{"ائتلاف", 1}, {"إیتلاف", 1}}}});
  CHECK(kavosh::lookup_letter_form(db, "ایتلاف") == "ائتلاف");       // 2 of 3
  CHECK_FALSE(kavosh::lookup_letter_form(db, "ایران").has_value());  // 1 of 4
  CHECK_FALSE(kavosh::lookup_letter_form(db, "نیست").has_value());
  CHECK_FALSE(kavosh::lookup_letter_form(db, std::string(300, 'x')).has_value());

  // Shards merged: one form's counts added up, the form of the most kept.
  const std::string sep(1, kavosh::schema::kCompoundSeparator);
  CHECK(kavosh::merge_letter_forms({"ائتلاف" + sep + "2", "ائتلاف" + sep + "3"}) ==
        "ائتلاف" + sep + "5");
  CHECK(kavosh::merge_letter_forms({"إیتلاف" + sep + "2", "ائتلاف" + sep + "1",
                                    "ائتلاف" + sep + "4"}) == "ائتلاف" + sep + "5");
  CHECK(kavosh::merge_letter_forms({"bad", "ائتلاف" + sep + "1"}) == "ائتلاف" + sep + "1");
  CHECK(kavosh::merge_letter_forms({"bad"}) == "bad");
}

TEST_CASE("unique_key and unique_term: source + id, else URL, else text", "[document]") {
  struct Row {
    const char* what;
    kavosh::Article article;
    std::string key;
  };
  auto article = [](std::string id, std::string source, std::string url) {
    kavosh::Article a;
    a.id = std::move(id);
    a.source = std::move(source);
    a.url = std::move(url);
    a.title = "عنوان";
    a.body = "متن";
    return a;
  };
  const std::string long_url = "https://x.example/" + std::string(300, 'u');
  const Row rows[] = {
      {"id and source, folded", article("۱۲", "خبرگزاري  پيک", "https://x.example/1"),
       "id\x1f"
       "خبرگزاری پیک\x1f"
       "12"},
      {"id in Latin letters, case folded", article("AB-7", "", ""),
       "id\x1f\x1f"
       "ab-7"},
      {"the URL as written, without an id", article("", "پیک", "https://x.example/A"),
       "url\x1fhttps://x.example/A"},
      {"neither: the text", article("", "پیک", ""),
       "text\x1f" + kavosh::stable_hash("عنوان\x1fمتن")},
      {"a long URL", article("", "", long_url), "url\x1f" + long_url},
  };
  for (const Row& r : rows) {
    INFO(r.what);
    CHECK(kavosh::unique_key(r.article) == r.key);
    const std::string term = kavosh::unique_term(r.article);
    if (r.key.size() + 1 <= schema::kMaxTermBytes) {
      CHECK(term == "Q" + r.key);
    } else {
      CHECK(term == "Qh\x1f" + kavosh::stable_hash(r.key));
    }
  }
  // The bound, exactly: a term of kMaxTermBytes is kept whole, one more byte is hashed.
  const std::size_t url_room = schema::kMaxTermBytes - std::string("Qurl\x1f").size();
  kavosh::Article at_bound = article("", "", std::string(url_room, 'u'));
  CHECK(kavosh::unique_term(at_bound) == "Qurl\x1f" + at_bound.url);
  kavosh::Article over = article("", "", std::string(url_room + 1, 'u'));
  CHECK(kavosh::unique_term(over) == "Qh\x1f" + kavosh::stable_hash("url\x1f" + over.url));
}

TEST_CASE("api_id: the record's id as given, else one derived from its key", "[document]") {
  kavosh::Article with_id;
  with_id.id = " ۱۲ ";
  with_id.url = "https://x.example/12";
  CHECK(kavosh::api_id(with_id) == " ۱۲ ");

  kavosh::Article by_url;
  by_url.url = "https://x.example/a";
  by_url.body = "متن یکم";
  const std::string derived = kavosh::api_id(by_url);
  CHECK(derived ==
        std::string(1, kavosh::kDerivedIdMark) + kavosh::stable_hash("url\x1fhttps://x.example/a"));
  // Stable while the URL stays: another text, the same id.
  kavosh::Article edited = by_url;
  edited.body = "متن ویرایش شده";
  CHECK(kavosh::api_id(edited) == derived);
  kavosh::Article moved = by_url;
  moved.url = "https://x.example/b";
  CHECK(kavosh::api_id(moved) != derived);

  kavosh::Article by_text;
  by_text.title = "عنوان";
  by_text.body = "متن";
  CHECK(kavosh::api_id(by_text) ==
        std::string(1, kavosh::kDerivedIdMark) +
            kavosh::stable_hash("text\x1f" + kavosh::stable_hash("عنوان\x1fمتن")));
  kavosh::Article other_text = by_text;
  other_text.body = "متن دیگر";
  CHECK(kavosh::api_id(other_text) != kavosh::api_id(by_text));
}

TEST_CASE("id_term, source_term, category_term: folded values, hashed when long", "[document]") {
  struct Row {
    const char* what;
    std::string term;
    std::string expected;
  };
  const std::string long_value(300, 'a');
  const std::string derived = std::string(1, kavosh::kDerivedIdMark) + "0123456789abcdef";
  const Row rows[] = {
      {"Persian digits", kavosh::id_term("۱۲۳"), "XID123"},
      {"Arabic-Indic digits", kavosh::id_term("١٢٣"), "XID123"},
      {"ASCII digits", kavosh::id_term("123"), "XID123"},
      {"case", kavosh::id_term("AbC-9"), "XIDabc-9"},
      {"spaces", kavosh::id_term("  a \t b "), "XIDa b"},
      {"Arabic kaf", kavosh::id_term("كتاب"), "XIDکتاب"},
      {"a derived id", kavosh::id_term(derived), "XID" + derived},
      {"a long id", kavosh::id_term(long_value), "XIDh\x1f" + kavosh::stable_hash(long_value)},
      {"source, Arabic yeh", kavosh::source_term("خبرگزاري پيک"), "XSRCخبرگزاری پیک"},
      {"source, case and spaces", kavosh::source_term(" BBC\tPersian  "), "XSRCbbc persian"},
      {"a long source", kavosh::source_term(long_value), "XSRC" + kavosh::stable_hash(long_value)},
      {"category, Arabic yeh", kavosh::category_term("اقتصادي"), "XCATاقتصادی"},
      {"category, digits", kavosh::category_term("جام ۲۰۲۶"), "XCATجام 2026"},
  };
  for (const Row& r : rows) {
    INFO(r.what);
    CHECK(r.term == r.expected);
  }
}

TEST_CASE("normalize_filter_value: folded like the analyzer, single-spaced", "[document]") {
  struct Row {
    const char* raw;
    const char* normalized;
    const char* why;
  };
  const Row rows[] = {
      {"پيک", "پیک", "U+064A ARABIC LETTER YEH"},
      {"پىک", "پیک", "U+0649 ARABIC LETTER ALEF MAKSURA"},
      {"كتاب", "کتاب", "U+0643 ARABIC LETTER KAF"},
      {"همشهرية", "همشهریه", "U+0629 ARABIC LETTER TEH MARBUTA"},
      {"۱۴۰۴", "1404", "Persian digits"},
      {"١٤٠٤", "1404", "Arabic-Indic digits"},
      {"BBC Persian", "bbc persian", "case"},
      {"خَبَر", "خبر", "harakat"},
      {"خبـــر", "خبر", "tatweel"},
      {"  پیک  ", "پیک", "trimmed"},
      {"خبرگزاری \t\n  پیک", "خبرگزاری پیک", "a run of whitespace is one space"},
      {"a\r\nb", "a b", "CR LF"},
      {"a\u00A0b", "a b", "U+00A0 NO-BREAK SPACE (NFKC)"},
      {"", "", "empty"},
      {" \t ", "", "only whitespace"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": '" << r.raw << "'");
    CHECK(kavosh::normalize_filter_value(r.raw) == r.normalized);
  }
}

TEST_CASE("is_spelling_word and spelling_words: words of two letters or more, no digits",
          "[document]") {
  struct Row {
    std::string term;
    bool spelling;
  };
  const Row rows[] = {
      {"کتاب", true},
      {"اب", true},  // two letters, four bytes
      {"ab", true},
      {"ک", false},
      {"a", false},
      {"", false},
      {"1404", false},
      {"abc1", false},
      {"ب2ب", false},
      {prefixed(schema::kPrefixStem, "کتاب"), false},
      {prefixed(schema::kPrefixTitle, "کتاب"), false},
      {prefixed(schema::kPrefixTitleStem, "کتاب"), false},
      {prefixed(schema::kPrefixSource, "پیک"), false},
      {prefixed(schema::kPrefixUnique,
                "id\x1f\x1f"
                "12"),
       false},
  };
  for (const Row& r : rows) {
    INFO("'" << r.term << "'");
    CHECK(kavosh::is_spelling_word(r.term) == r.spelling);
  }

  kavosh::Analyzer analyzer;
  std::vector<std::string> words =
      kavosh::spelling_words(kavosh::build_document(full_article(), analyzer));
  std::sort(words.begin(), words.end());
  // Not و (one letter) nor 1404; each word once, however often it occurs.
  std::vector<std::string> expected = {"کتابهای", "تهران", "دفتر", "کتابی", "در", "کتابها"};
  std::sort(expected.begin(), expected.end());
  CHECK(words == expected);
}
