// From what a reader typed to a Xapian query (search/query.h): the query of
// each kind of syntax, what is marked, and that every spelling of a query
// builds the same Xapian query.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "index_util.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/query.h"
#include "test_util.h"

namespace schema = kavosh::schema;
using kavosh::ParsedQuery;
using kavosh::testing::TempDir;
using Q = Xapian::Query;

namespace {

const std::string kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER

Q term(std::string_view prefix, const std::string& t) { return Q(std::string(prefix) + t); }
Q stem(const std::string& s) { return term(schema::kPrefixStem, s); }
Q title_stem(const std::string& s) { return term(schema::kPrefixTitleStem, s); }
Q any_of(const std::vector<Q>& qs) { return Q(Q::OP_OR, qs.begin(), qs.end()); }
Q phrase(const std::vector<std::string>& words, std::string_view prefix = schema::kPrefixWord) {
  std::vector<Q> terms;
  for (const std::string& w : words) terms.push_back(term(prefix, w));
  return Q(Q::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}
Q wildcard(const std::string& start) {
  return Q(Q::OP_WILDCARD, start, 50, Q::WILDCARD_LIMIT_MOST_FREQUENT);
}
// A compound: its stem, or its two words side by side.
Q compound(const std::string& joined, const std::string& head, const std::string& tail) {
  return Q(Q::OP_SYNONYM, stem(joined), phrase({head, tail}));
}

std::string joined(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  std::string out;
  for (const std::string& w : words) out += "[" + w + "]";
  return out;
}

// What a parsed query is made of, one line each (comparable and readable):
// the parts, their OR, the title bonus (unless left out), the exclusions,
// the filter, the sets to mark and the flags.
std::vector<std::string> describe(const ParsedQuery& q, bool with_title = true) {
  std::vector<std::string> out;
  out.push_back("parts: " + std::to_string(q.parts.size()));
  for (const Q& p : q.parts) out.push_back("part: " + p.get_description());
  out.push_back("any: " + q.any().get_description());
  if (with_title) out.push_back("title: " + q.title.get_description());
  out.push_back("exclude: " + q.exclude.get_description());
  out.push_back("filter: " + q.filter.get_description());
  out.push_back("highlight: " +
                joined(std::vector<std::string>(q.highlight.begin(), q.highlight.end())));
  out.push_back("exact: " + joined(std::vector<std::string>(q.exact.begin(), q.exact.end())));
  std::vector<std::string> phrases;
  for (const auto& p : q.highlight_phrases) {
    std::string words;  // in order
    for (const std::string& w : p) words += w + " ";
    phrases.push_back(words);
  }
  out.push_back("phrases: " + joined(phrases));
  out.push_back(std::string("browse: ") + (q.browse ? "yes" : "no"));
  out.push_back(std::string("empty: ") + (q.empty ? "yes" : "no"));
  return out;
}

std::vector<std::string> parsed(const std::string& text, const Xapian::Database* db = nullptr,
                                bool with_title = true) {
  kavosh::Analyzer analyzer;
  return describe(kavosh::parse_query(analyzer, text, db), with_title);
}

// The expected query of one row.
struct Expected {
  std::vector<Q> parts;
  std::optional<Q> title;  // nullopt: not checked
  Q exclude, filter;
  std::vector<std::string> highlight, exact;
  std::vector<std::vector<std::string>> phrases;
  bool browse = false, empty = false;

  std::vector<std::string> describe() const {
    ParsedQuery q;
    q.parts = parts;
    q.title = title.value_or(Q());
    q.exclude = exclude;
    q.filter = filter;
    q.highlight.insert(highlight.begin(), highlight.end());
    q.exact.insert(exact.begin(), exact.end());
    q.highlight_phrases = phrases;
    q.browse = browse;
    q.empty = empty;
    return ::describe(q, title.has_value());
  }
};

struct Row {
  const char* text;
  Expected expected;
  const char* why;
};

void check_rows(const std::vector<Row>& rows, const Xapian::Database* db = nullptr) {
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.text);
    CHECK(parsed(r.text, db, r.expected.title.has_value()) == r.expected.describe());
  }
}

// The spellings of a query that must build the same query.
// The ranking evidence beyond the parts (ParsedQuery::proximity, exact_forms).
std::vector<std::string> evidence(const std::string& text, const Xapian::Database* db = nullptr) {
  kavosh::Analyzer analyzer;
  const ParsedQuery q = kavosh::parse_query(analyzer, text, db);
  std::vector<std::string> out;
  for (const Q& p : q.proximity) out.push_back("near: " + p.get_description());
  for (const Q& e : q.exact_forms) out.push_back("exact: " + e.get_description());
  return out;
}

Q near(const Q& a, const Q& b) {
  const Q pair[] = {a, b};
  return Q(Q::OP_NEAR, std::begin(pair), std::end(pair), kavosh::kProximityWindow);
}
Q word(const std::string& w) { return term(schema::kPrefixWord, w); }

void check_same(const std::vector<std::string>& spellings, const Xapian::Database* db = nullptr) {
  REQUIRE(spellings.size() > 1);
  const std::vector<std::string> first = parsed(spellings[0], db);
  const std::vector<std::string> first_evidence = evidence(spellings[0], db);
  INFO("as " << spellings[0]);
  CHECK(first[0] != "parts: 0");
  for (const std::string& s : spellings) {
    INFO("spelling: " << s);
    CHECK(parsed(s, db) == first);
    CHECK(evidence(s, db) == first_evidence);
  }
}

// A database whose compound lexicon holds نخست‌وزیر (written so in its text).
std::string compound_db(const TempDir& dir) {
  kavosh::testing::index_lines(
      dir,
      {R"({"id":"1","title":"سفر نخست‌وزیر","body":"نخست‌وزیر عراق وارد تهران شد."})",
       R"({"id":"2","title":"وزیر","body":"وزیر خارجه نخست به بغداد رفت."})"});
  return dir / "db";
}

// Twenty articles say همسر and داری apart, and one writes همسر‌داری with
// its ZWNJ (a compound of the lexicon, and a rare one: compound_heads.h).
std::string compound_head_db(const TempDir& dir) {
  std::vector<std::string> lines;
  for (int i = 0; i < 20; ++i) {
    lines.push_back(R"({"id":"h)" + std::to_string(i) +
                    R"(","title":"خانواده","body":"همسر او گفت که خانه داری از کارهای سخت است."})");
  }
  lines.push_back(
      R"({"id":"c","title":"آیین","body":"آیین همسر‌داری در کتاب‌های کهن."})");
  kavosh::testing::index_lines(dir, lines);
  return dir / "db";
}

}  // namespace

TEST_CASE("parse_query: words, stop words, phrases, OR", "[query]") {
  check_rows({
      {"کارشناسان اقتصادی",
       {{stem("کارشناس"), stem("اقتصاد")},
        any_of({title_stem("کارشناس"), title_stem("اقتصاد")}),
        Q(),
        Q(),
        {"کارشناس", "اقتصاد"},
        {"کارشناسان", "اقتصادی"},
        {}},
       "one part a word, stems matched, the words again in the title"},
      {"کارشناسان در تهران",
       {{stem("کارشناس"), stem("تهران")},
        any_of({title_stem("کارشناس"), title_stem("تهران")}),
        Q(),
        Q(),
        {"کارشناس", "تهران"},
        {"کارشناسان", "تهران"},
        {}},
       "a function word is left out"},
      {"در و از",
       {{stem("در"), stem("و"), stem("از")},
        any_of({title_stem("در"), title_stem("و"), title_stem("از")}),
        Q(),
        Q(),
        {"در", "و", "از"},
        {"در", "و", "از"},
        {}},
       "only function words: they are kept"},
      {"\"انتخابات تهران\"",
       {{phrase({"انتخابات", "تهران"})},
        any_of({title_stem("انتخاب"), title_stem("تهران")}),
        Q(),
        Q(),
        {"انتخاب", "تهران"},
        {"انتخابات", "تهران"},
        {{"انتخاب", "تهران"}}},
       "a phrase: the words as written, in order"},
      {"«انتخابات در تهران»",
       {{phrase({"انتخابات", "در", "تهران"})},
        any_of({title_stem("انتخاب"), title_stem("در"), title_stem("تهران")}),
        Q(),
        Q(),
        {"انتخاب", "در", "تهران"},
        {"انتخابات", "در", "تهران"},
        {{"انتخاب", "در", "تهران"}}},
       "Persian guillemets; a phrase keeps its function words"},
      {"ایرانی OR تهران",
       {{any_of({stem("ایران"), stem("تهران")})},
        any_of({title_stem("ایران"), title_stem("تهران")}),
        Q(),
        Q(),
        {"ایران", "تهران"},
        {"ایرانی", "تهران"},
        {}},
       "OR: one part"},
      {"(ایرانی OR تهران) انتخابات",
       {{any_of({stem("ایران"), stem("تهران")}), stem("انتخاب")},
        any_of({title_stem("ایران"), title_stem("تهران"), title_stem("انتخاب")}),
        Q(),
        Q(),
        {"ایران", "تهران", "انتخاب"},
        {"ایرانی", "تهران", "انتخابات"},
        {}},
       "an OR group and a word: two parts"},
  });
}

TEST_CASE("parse_query: exclusions, prefixes and fields", "[query]") {
  // The title bonus of a query with exclusions is not checked: whether it
  // holds the excluded words or not, their articles are left out.
  check_rows({
      {"تهران -انتخابات",
       {{stem("تهران")}, std::nullopt, stem("انتخاب"), Q(), {"تهران"}, {"تهران"}, {}},
       "an excluded word is not matched nor marked"},
      {"-انتخابات -کارشناسان",
       {{},
        std::nullopt,
        any_of({stem("انتخاب"), stem("کارشناس")}),
        Q(),
        {},
        {},
        {},
        /*browse=*/true},
       "only exclusions: browse the rest"},
      {"اقتصاد*",
       {{wildcard("اقتصاد")}, Q(), Q(), Q(), {}, {"اقتصاد"}, {}},
       "a prefix: exact forms that start with it"},
      {"كتاب*",
       {{wildcard("کتاب")}, Q(), Q(), Q(), {}, {"کتاب"}, {}},
       "a prefix typed with Arabic kaf is folded"},
      {"title:انتخابات",
       {{title_stem("انتخاب")}, Q(), Q(), Q(), {"انتخاب"}, {"انتخابات"}, {}},
       "title: title stems, no separate title bonus"},
      {"عنوان:انتخابات",
       {{title_stem("انتخاب")}, Q(), Q(), Q(), {"انتخاب"}, {"انتخابات"}, {}},
       "the Persian field name"},
      {"title:\"انتخابات تهران\"",
       {{phrase({"انتخابات", "تهران"}, schema::kPrefixTitle)},
        Q(),
        Q(),
        Q(),
        {"انتخاب", "تهران"},
        {"انتخابات", "تهران"},
        {{"انتخاب", "تهران"}}},
       "a phrase in the title"},
      {"source:پيک تهران",
       {{stem("تهران")}, title_stem("تهران"), Q(), Q("XSRCپیک"), {"تهران"}, {"تهران"}, {}},
       "source: a boolean filter, folded"},
      {"منبع:\"خبرگزاری پیک\"",
       {{}, Q(), Q(), Q("XSRCخبرگزاری پیک"), {}, {}, {}, /*browse=*/true},
       "a source alone: browse it"},
      {"source:پیک source:نگاه",
       {{}, Q(), Q(), Q(Q::OP_AND, Q("XSRCپیک"), Q("XSRCنگاه")), {}, {}, {}, /*browse=*/true},
       "two sources: both filters"},
  });
}

TEST_CASE("parse_query: nothing to search for", "[query]") {
  const Expected browse{{}, Q(), Q(), Q(), {}, {}, {}, /*browse=*/true, /*empty=*/false};
  const Expected nothing{{}, Q(), Q(), Q(), {}, {}, {}, /*browse=*/false, /*empty=*/true};
  check_rows({
      {"", browse, "blank: list the newest"},
      {" \t\n", browse, "whitespace: list the newest"},
      {"؟! ...", nothing, "punctuation: no word, nothing matches"},
      {"«»", nothing, "an empty phrase"},
      {"\"\"", nothing, "empty quotes"},
      {"-", nothing, "a lone minus"},
      {"OR", nothing, "a lone OR"},
      {"title:", nothing, "a field without a value"},
      {"()", nothing, "empty parentheses"},
  });
}

TEST_CASE("parse_query: a query asking for too much work says so", "[query]") {
  kavosh::Analyzer analyzer;
  auto why = [&](const std::string& text) {
    return kavosh::parse_query(analyzer, text).too_complex;
  };
  std::string words, prefixes, letters;
  for (std::size_t i = 0; i < kavosh::kMaxQueryWords; ++i)
    words += "واژه" + std::to_string(i) + " ";
  for (std::size_t i = 0; i < kavosh::kMaxWildcards; ++i)
    prefixes += "کتاب" + std::to_string(i) + "* ";
  CHECK(why(words).empty());  // at the limits: searched
  CHECK(why(prefixes).empty());
  CHECK(why(words + "کتاب") == "the query has " + std::to_string(kavosh::kMaxQueryWords + 1) +
                                   " words; at most " + std::to_string(kavosh::kMaxQueryWords) +
                                   " are searched at once");
  CHECK(why(prefixes + "خبر*").find("prefixes (word*)") != std::string::npos);
  // 32 one-letter prefixes (once 2.7 s each at 10x the shared corpora).
  for (const char* l : {"ا", "ب", "پ", "ت", "ث", "ج", "چ", "ح"}) letters += std::string(l) + "* ";
  CHECK_FALSE(why(letters).empty());
  CHECK(why("\"نخست وزیر\" -دولت title:مجلس").empty());
}

TEST_CASE("parse_query: every spelling builds the same query", "[query]") {
  const std::vector<std::vector<std::string>> groups = {
      {"کتاب" + kZwnj + "ها", "کتابها", "کتاب ها", "كتابها", "كتاب ها"},
      {"می" + kZwnj + "خواهم", "میخواهم", "می خواهم", "ميخواهم", "مي خواهم"},
      {"بزرگ" + kZwnj + "ترین کتاب", "بزرگترین کتاب", "بزرگ ترین کتاب", "بزرگ ترين كتاب"},
      {"کتابی ایرانی", "كتابي ايراني", "کتابي ايرانی"},
      {"بودجه ۱۴۰۴", "بودجه 1404", "بودجه ١٤٠٤"},
      {"۱۲۳٬۴۵۶ تومان", "123456 تومان", "١٢٣٬٤٥٦ تومان"},
      {"«کتاب" + kZwnj + "های ایرانی»", "\"كتابهاي ايراني\"", "\"کتاب های ایرانی\""},
      {"title:كتابها -ميخواهم source:پيک ۱۲۳",
       "title:کتاب" + kZwnj + "ها -می" + kZwnj + "خواهم source:پیک 123",
       "عنوان:کتابها -میخواهم منبع:پیک ١٢٣"},
      {"source:خبرگزاري پيک", "source:خبرگزاری پیک"},
  };
  for (const auto& group : groups) check_same(group);
}

TEST_CASE("parse_query: compounds of the database's lexicon, in any spelling", "[query]") {
  TempDir dir;
  Xapian::Database db(compound_db(dir));
  REQUIRE(kavosh::lookup_compound(db, "نخستوزیر").has_value());

  const Expected expected{
      {compound("نخستوزیر", "نخست", "وزیر")}, title_stem("نخستوزیر"), Q(), Q(), {"نخستوزیر"},
      {"نخستوزیر", "نخست", "وزیر"},           {{"نخست", "وزیر"}}};
  check_rows(
      {
          {"نخست\xE2\x80\x8Cوزیر", expected, "with its ZWNJ"},
          {"نخستوزیر", expected, "joined"},
          {"نخست وزیر", expected, "two words"},
          {"نخست\xE2\x80\x8Cوزير", expected, "Arabic yeh"},
          {"نخست وزير", expected, "two words, Arabic yeh"},
          {"نخستوزير", expected, "joined, Arabic yeh"},
          {"نخست وزیر عراق",
           {{compound("نخستوزیر", "نخست", "وزیر"), stem("عراق")},
            any_of({title_stem("نخستوزیر"), title_stem("عراق")}),
            Q(),
            Q(),
            {"نخستوزیر", "عراق"},
            {"نخستوزیر", "نخست", "وزیر", "عراق"},
            {{"نخست", "وزیر"}}},
           "a compound and a word"},
          {"\"نخست وزیر عراق\"",
           {{any_of({phrase({"نخستوزیر", "عراق"}), phrase({"نخست", "وزیر", "عراق"})})},
            any_of({title_stem("نخستوزیر"), title_stem("عراق")}),
            Q(),
            Q(),
            {"نخستوزیر", "عراق"},
            {"نخستوزیر", "نخست", "وزیر", "عراق"},
            {{"نخست", "وزیر"}, {"نخستوزیر", "عراق"}}},
           "in a phrase, either spelling of the compound"},
          {"وزیر خارجه",
           {{stem("وزیر"), stem("خارجه")},
            any_of({title_stem("وزیر"), title_stem("خارجه")}),
            Q(),
            Q(),
            {"وزیر", "خارجه"},
            {"وزیر", "خارجه"},
            {}},
           "two words the lexicon does not join"},
      },
      &db);
  check_same({"«نخست" + kZwnj + "وزیر عراق»", "\"نخستوزیر عراق\"", "\"نخست وزير عراق\""}, &db);

  // Without the lexicon only the ZWNJ shows a compound: the spellings differ.
  CHECK(parsed("نخست وزیر") != parsed("نخستوزیر"));
  CHECK(parsed("نخستوزیر") != parsed("نخست" + kZwnj + "وزیر"));
  CHECK(parsed("نخست" + kZwnj + "وزیر") == expected.describe());
}

TEST_CASE("parse_query: a rare compound also matches its head, in any spelling", "[query]") {
  TempDir dir;
  Xapian::Database db(compound_head_db(dir));
  const Q compound_part = Q(Q::OP_SYNONYM, stem("همسردار"), phrase({"همسر", "داری"}));
  const Expected expected{{any_of({compound_part, stem("همسر")}), stem("اسلام")},
                          any_of({title_stem("همسردار"), title_stem("اسلام")}),
                          Q(),
                          Q(),
                          {"همسردار", "همسر", "اسلام"},
                          {"همسرداری", "همسر", "داری", "اسلام"},
                          {{"همسر", "دار"}}};
  check_rows(
      {
          {"همسر\xE2\x80\x8Cداری اسلام", expected, "with its ZWNJ"},
          {"همسرداری اسلام", expected, "joined"},
          {"همسر داری اسلام", expected, "two words"},
          {"همسر",
           {{stem("همسر")}, title_stem("همسر"), Q(), Q(), {"همسر"}, {"همسر"}, {}},
           "a common word has no head"},
      },
      &db);
  // The head's weight is QueryOptions::compound_head_weight; 0 leaves it out.
  kavosh::Analyzer analyzer;
  kavosh::QueryOptions half;
  half.compound_head_weight = 0.5;
  CHECK(kavosh::parse_query(analyzer, "همسرداری", &db, half).parts.front().get_description() ==
        any_of({compound_part, Q(Q::OP_SCALE_WEIGHT, stem("همسر"), 0.5)}).get_description());
  kavosh::QueryOptions off;
  off.compound_head_weight = 0;
  CHECK(kavosh::parse_query(analyzer, "همسرداری", &db, off).parts.front().get_description() ==
        compound_part.get_description());
  // Counted in one query, as over remote shards: the same head.
  kavosh::QueryOptions remote;
  remote.remote = true;
  CHECK(kavosh::parse_query(analyzer, "همسرداری", &db, remote).parts.front().get_description() ==
        any_of({compound_part, stem("همسر")}).get_description());
  // A phrase matches its words as written together: no head.
  CHECK(kavosh::parse_query(analyzer, "\"همسرداری اسلام\"", &db).highlight ==
        std::unordered_set<std::string>{"همسردار", "اسلام"});
  // Without the database's counts, no head.
  CHECK(parsed("همسرداری") ==
        Expected{{stem("همسردار")}, title_stem("همسردار"), Q(), Q(), {"همسردار"}, {"همسرداری"}, {}}
            .describe());
}

TEST_CASE("parse_query: neighbouring words near each other, and words as written", "[query]") {
  auto described = [](const std::vector<Q>& near_pairs, const std::vector<Q>& exact) {
    std::vector<std::string> out;
    for (const Q& p : near_pairs) out.push_back("near: " + p.get_description());
    for (const Q& e : exact) out.push_back("exact: " + e.get_description());
    return out;
  };
  // Each two neighbours, numbers too («۱۶ بهمن» is what sets a report apart).
  CHECK(evidence("نرخ سکه ۱۶ بهمن") ==
        described({near(word("نرخ"), word("سکه")), near(word("سکه"), word("16")),
                   near(word("16"), word("بهمن"))},
                  {word("نرخ"), word("سکه"), word("16"), word("بهمن")}));
  // The pairs with a number, in any digits, are also ParsedQuery::number_pairs.
  kavosh::Analyzer analyzer;
  for (const char* q : {"نرخ سکه ۱۶ بهمن", "نرخ سکه 16 بهمن", "نرخ سکه ١٦ بهمن"}) {
    INFO(q);
    const ParsedQuery parsed = kavosh::parse_query(analyzer, q);
    CHECK(described(parsed.number_pairs, {}) ==
          described({near(word("سکه"), word("16")), near(word("16"), word("بهمن"))}, {}));
  }
  CHECK(kavosh::parse_query(analyzer, "نرخ سکه").number_pairs.empty());
  // A function word the query leaves out still stands between its neighbours
  // in the article: the window allows one word.
  CHECK(evidence("سوریه با مسکو") ==
        described({near(word("سوریه"), word("مسکو"))}, {word("سوریه"), word("مسکو")}));
  // A function word at either end is no part, but still a clue to the
  // phrase: it pairs with its neighbour.
  CHECK(evidence("تا اطلاع ثانوی تنها") ==
        described({near(word("تا"), word("اطلاع")), near(word("اطلاع"), word("ثانوی")),
                   near(word("ثانوی"), word("تنها"))},
                  {word("اطلاع"), word("ثانوی")}));
  CHECK(parsed("تا اطلاع ثانوی تنها") == parsed("اطلاع ثانوی"));
  // One word: nothing near; a word in the title only, or excluded: nothing.
  CHECK(evidence("مسکو") == described({}, {word("مسکو")}));
  CHECK(evidence("title:سوریه مسکو -تهران") == described({}, {word("مسکو")}));

  // A compound of the lexicon: written joined or apart in the article.
  TempDir dir;
  Xapian::Database db(compound_db(dir));
  const Q both = Q(Q::OP_OR, word("نخستوزیر"), Q(Q::OP_PHRASE, word("نخست"), word("وزیر")));
  CHECK(evidence("سفر نخست\xE2\x80\x8Cوزیر", &db) ==
        described({near(word("سفر"), Q(Q::OP_OR, word("نخستوزیر"), word("نخست")))},
                  {word("سفر"), both}));
}
