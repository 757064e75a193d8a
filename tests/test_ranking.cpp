// Ranking choices (search/ranking.h) that the retrieval evaluation measures
// (make eval --features), checked here on small databases of our own.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "index_util.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/article.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/query.h"
#include "kavosh/search/ranking.h"
#include "test_util.h"

using kavosh::testing::TempDir;

namespace {

struct Ranked {
  std::vector<Xapian::docid> ids;
  std::vector<double> weights;
  bool operator==(const Ranked& o) const { return ids == o.ids && weights == o.weights; }
};

Ranked ranked(const Xapian::Database& db, const std::string& q,
              const kavosh::RankingOptions& options) {
  kavosh::Analyzer analyzer;
  const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, q, &db);
  Ranked out;
  const Xapian::MSet m = kavosh::run_query(db, parsed, 0, 20, options);
  for (auto it = m.begin(); it != m.end(); ++it) {
    out.ids.push_back(*it);
    out.weights.push_back(it.get_weight());
  }
  return out;
}

// Garden stories alike, and one about a giraffe in a garden.
std::string garden_db(const TempDir& dir) {
  std::vector<std::string> lines = {
      R"({"id":"g","title":"زرافه تازه باغ وحش","body":"زرافه‌ای که از آفریقا آمد در باغ وحش تهران به دنیا آمد. زرافه کوچک سالم است."})"};
  const char* const plants[] = {"گلدان", "درختان", "چمن", "گلخانه", "نهال", "سبزه"};
  for (int i = 0; i < 12; ++i) {
    lines.push_back(
        R"({"id":"b)" + std::to_string(i) + R"(","title":"باغ و )" + plants[i % 6] +
        R"(","body":"باغبانی در باغ شهری با )" + plants[(i + 1) % 6] + " و " + plants[(i + 2) % 6] +
        R"( و آبیاری قطره‌ای رونق گرفت. باغداران از آبیاری گفتند."})");
  }
  kavosh::testing::index_lines(dir, lines);
  return dir / "db";
}

}  // namespace

TEST_CASE("ranking: no blind feedback when the best article stands out", "[ranking]") {
  TempDir dir;
  const Xapian::Database db(garden_db(dir));
  kavosh::RankingOptions gap;  // the default: feedback_skip_gap 1.2
  REQUIRE(gap.feedback_skip_gap > 1.0);
  kavosh::RankingOptions always = gap;
  always.feedback_skip_gap = 0;
  kavosh::RankingOptions never = gap;
  never.feedback_docs = 0;

  // «زرافه باغ»: one article has both words, far above the garden stories.
  const Ranked giraffe = ranked(db, "زرافه باغ", gap);
  REQUIRE(giraffe.ids.size() >= 3);
  CHECK(giraffe.weights[0] >= 1.2 * (giraffe.weights[1]));
  CHECK(giraffe == ranked(db, "زرافه باغ", never));
  CHECK_FALSE(giraffe == ranked(db, "زرافه باغ", always));  // feedback would change it

  // «باغ آبیاری»: the garden stories score alike, and feedback runs.
  const Ranked gardens = ranked(db, "باغ آبیاری", gap);
  REQUIRE(gardens.ids.size() >= 3);
  CHECK(gardens.weights[0] < 1.2 * gardens.weights[1]);
  CHECK(gardens == ranked(db, "باغ آبیاری", always));
  CHECK_FALSE(gardens == ranked(db, "باغ آبیاری", never));
}

TEST_CASE("ranking: neighbouring words add their share of the proximity weight", "[ranking]") {
  TempDir dir;
  // «نرخ سکه بازار»: two neighbouring pairs (نرخ-سکه, سکه-بازار).
  kavosh::testing::index_lines(
      dir,
      {R"({"id":"both","title":"گزارش","body":"نرخ سکه در بازار امروز بالا رفت و خریداران کم بودند."})",
       R"({"id":"one","title":"گزارش","body":"نرخ سکه امروز بالا رفت و خریداران کم بودند و بازار آرام ماند."})",
       R"({"id":"none","title":"گزارش","body":"نرخ ارز بالا رفت و خریداران کم بودند و سکه در انبار ماند و بازار آرام بود."})",
       // The pair side by side, the third word missing: no bonus (a phrase of
       // common words must not lift an article that lacks the query's rest).
       R"({"id":"part","title":"گزارش","body":"نرخ سکه امروز بالا رفت و خریداران کم بودند."})",
       R"({"id":"title","title":"نرخ سکه بازار","body":"نرخ امروز بالا رفت و سکه کم شد و بازار آرام ماند."})"});
  const Xapian::Database db(dir / "db");
  kavosh::RankingOptions off;
  off.feedback_docs = 0;
  off.proximity_weight = 0;
  kavosh::RankingOptions proximity = off;
  proximity.proximity_weight = 6.0;
  kavosh::RankingOptions title = off;
  title.title_proximity_weight = 4.0;

  // Weight per article id, for one query and ranking.
  auto scores = [&](const kavosh::RankingOptions& options) {
    kavosh::Analyzer analyzer;
    const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, "نرخ سکه بازار", &db);
    std::map<std::string, double> out;
    const Xapian::MSet m = kavosh::run_query(db, parsed, 0, 10, options);
    for (auto it = m.begin(); it != m.end(); ++it) {
      out[kavosh::article_from_data(it.get_document().get_data()).value().id] = it.get_weight();
    }
    return out;
  };
  const std::map<std::string, double> plain = scores(off);
  const std::map<std::string, double> near = scores(proximity);
  const std::map<std::string, double> in_title = scores(title);
  REQUIRE(plain.size() == 5);
  REQUIRE(near.size() == 5);
  REQUIRE(in_title.size() == 5);
  CHECK(near.at("both") == Approx(plain.at("both") + 6.0).epsilon(1e-9));
  CHECK(near.at("one") == Approx(plain.at("one") + 3.0).epsilon(1e-9));
  CHECK(near.at("none") == Approx(plain.at("none")).epsilon(1e-9));
  CHECK(near.at("part") == Approx(plain.at("part")).epsilon(1e-9));
  // The body of «title» has the words apart; its title has both pairs,
  // which count (a title is text too), and count again as title proximity.
  CHECK(near.at("title") == Approx(plain.at("title") + 6.0).epsilon(1e-9));
  CHECK(in_title.at("title") == Approx(plain.at("title") + 4.0).epsilon(1e-9));
  CHECK(in_title.at("both") == Approx(plain.at("both")).epsilon(1e-9));
}

TEST_CASE("ranking: exact forms add to the score when asked", "[ranking]") {
  TempDir dir;
  kavosh::testing::index_lines(
      dir, {R"({"id":"near","title":"گزارش","body":"نرخ سکه امروز بالا رفت و بازار آرام بود."})",
            R"({"id":"far","title":"گزارش","body":"نرخ ارز بالا رفت و بازار سکه آرام بود."})"});
  const Xapian::Database db(dir / "db");
  kavosh::RankingOptions off;
  off.feedback_docs = 0;
  off.proximity_weight = 0;
  kavosh::RankingOptions exact = off;
  exact.exact_weight = 1.0;
  // «سکه‌ها» is سکه by stem only: no article has it as written.
  const Ranked stem_only = ranked(db, "سکه‌ها", exact);
  const Ranked stem_plain = ranked(db, "سکه‌ها", off);
  REQUIRE_FALSE(stem_only.ids.empty());
  CHECK(stem_only == stem_plain);
  // «سکه» as written: both articles have it, their scores rise.
  const Ranked written = ranked(db, "سکه", exact);
  const Ranked written_plain = ranked(db, "سکه", off);
  REQUIRE(written.ids.size() == 2);
  CHECK(written.weights[0] > written_plain.weights[0]);
}

namespace {

// The stems blind feedback may add, as the ranking's own rule says
// (ranking.h, expansion_terms), for Xapian's get_eset.
class ExpandableStems : public Xapian::ExpandDecider {
 public:
  explicit ExpandableStems(const Xapian::Query& query)
      : in_query_(query.get_unique_terms_begin(), query.get_unique_terms_end()) {}
  bool operator()(const std::string& term) const override {
    if (!kavosh::schema::is_stem_term(term) || in_query_.count(term)) return false;
    const std::string word(kavosh::schema::stem_of_term(term));
    if (word.size() < 4 || word.find_first_not_of("0123456789.") == std::string::npos) {
      return false;
    }
    return !kavosh::is_stop_word(word);
  }

 private:
  std::unordered_set<std::string> in_query_;
};

}  // namespace

TEST_CASE("ranking: blind feedback weighs stems as Xapian's get_eset, among stems shared",
          "[ranking]") {
  TempDir dir;
  const Xapian::Database db(garden_db(dir));
  kavosh::Analyzer analyzer;
  kavosh::RankingOptions every_stem;
  every_stem.feedback_skip_gap = 0;
  every_stem.feedback_min_articles = 1;
  for (const char* q : {"باغ آبیاری", "باغ", "رونق باغبانی"}) {
    CAPTURE(q);
    const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, q, &db);
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed.any());
    const Xapian::MSet top = enquire.get_mset(0, every_stem.feedback_docs);
    REQUIRE(top.size() >= 3);

    // Every stem a candidate: the same terms, order and relative weights as get_eset.
    Xapian::RSet rset;
    for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
    const ExpandableStems decider(parsed.any());
    const Xapian::ESet eset = enquire.get_eset(every_stem.feedback_terms, rset, &decider);
    const kavosh::Expansion ours = kavosh::expansion_terms(db, parsed, every_stem, top);
    REQUIRE(ours.size() == eset.size());
    REQUIRE_FALSE(ours.empty());
    std::size_t i = 0;
    for (auto it = eset.begin(); it != eset.end(); ++it, ++i) {
      CHECK(ours[i].first == *it);
      CHECK(ours[i].second ==
            Approx(every_stem.feedback_weight * it.get_weight() / eset.begin().get_weight()));
    }

    // Only stems at least three of the articles share (the default).
    kavosh::RankingOptions shared = every_stem;
    shared.feedback_min_articles = 3;
    std::map<std::string, int> articles;
    for (auto it = top.begin(); it != top.end(); ++it) {
      for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t) ++articles[*t];
    }
    const kavosh::Expansion fewer = kavosh::expansion_terms(db, parsed, shared, top);
    REQUIRE_FALSE(fewer.empty());
    for (const auto& [term, weight] : fewer) {
      CAPTURE(term);
      CHECK(articles[term] >= 3);
      CHECK(weight <= shared.feedback_weight);
    }
    CHECK(fewer.front().second == Approx(shared.feedback_weight));
  }
}

TEST_CASE("ranking: a number beside its word in the query finds the report of that day",
          "[ranking]") {
  // Daily coin-price reports alike but for their day; the reader asks for
  // the report of 16 Bahman, whose number also stands in the others' text.
  TempDir dir;
  std::vector<std::string> lines;
  for (const int day : {12, 1, 14, 16, 9, 5}) {
    const std::string d = std::to_string(day);
    const std::string other = std::to_string(day == 16 ? 3 : 16);
    lines.push_back(
        R"({"id":"r)" + d + R"(","title":"نرخ سکه بهار آزادی در بازار امروز",)" +
        R"("body":"قیمت سکه بهار آزادی امروز )" + d +
        R"( بهمن در بازار تهران اعلام شد. نرخ سکه امامی نسبت به )" + other +
        R"( روز پیش تغییر کرد و نیم سکه و ربع سکه نیز گران شدند. بازار طلا آرام بود."})");
  }
  kavosh::testing::index_lines(dir, lines);
  const Xapian::Database db(dir / "db");
  auto first_id = [&](const std::string& q, const kavosh::RankingOptions& options) {
    const Ranked r = ranked(db, q, options);
    REQUIRE_FALSE(r.ids.empty());
    return kavosh::article_from_data(db.get_document(r.ids.front()).get_data()).value().id;
  };
  const kavosh::RankingOptions api;  // number pairs on, no feedback with numbers
  REQUIRE(api.number_pair_weight > 0);
  REQUIRE(api.feedback_skip_numbers);
  for (const char* q : {"نرخ سکه بهار آزادی ۱۶ بهمن", "نرخ سکه بهار آزادی 16 بهمن"}) {
    INFO(q);
    CHECK(first_id(q, api) == "r16");
  }
  // Without the pair, «16» is one more word that every report has.
  kavosh::RankingOptions off = api;
  off.number_pair_weight = 0;
  off.feedback_skip_numbers = false;
  off.proximity_weight = 0;
  CHECK(first_id("نرخ سکه بهار آزادی ۱۶ بهمن", off) != "r16");
  const Ranked plain = ranked(db, "نرخ سکه بهار آزادی ۱۶ بهمن", off);
  const Ranked paired = ranked(db, "نرخ سکه بهار آزادی ۱۶ بهمن", api);
  REQUIRE(plain.ids.size() == paired.ids.size());
  CHECK(paired.weights.front() > plain.weights.front());
}
