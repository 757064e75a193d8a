// Near-duplicate fingerprints and clusters (index/near_duplicates.h): the
// sampled shingles, their stored form, the comparison of two articles, and
// plan_clusters() on small real databases (written by IndexWriter, the one
// writer).
#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fixture_news.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/article.h"
#include "kavosh/index/dates.h"
#include "kavosh/index/document.h"
#include "kavosh/index/index_writer.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/hash.h"
#include "test_util.h"

using kavosh::ClusterPlan;
using kavosh::ClusterStats;
using kavosh::Fingerprint;
using kavosh::testing::TempDir;

namespace {

// Tokens whose stems are `stems` (text and offsets do not matter).
std::vector<kavosh::Token> tokens_of(const std::vector<std::string>& stems) {
  std::vector<kavosh::Token> out;
  for (std::size_t i = 0; i < stems.size(); ++i) {
    kavosh::Token t;
    t.text = "text-" + stems[i];
    t.stem = stems[i];
    t.position = static_cast<std::uint32_t>(i);
    out.push_back(std::move(t));
  }
  return out;
}

// `n` distinct stems.
std::vector<std::string> distinct_stems(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back("w" + std::to_string(i));
  return out;
}

// The fingerprint of an article as build_document() makes it.
Fingerprint print_of(kavosh::Analyzer& analyzer, const std::string& title, const std::string& body,
                     int day = 20000) {
  const std::optional<Fingerprint> f =
      kavosh::fingerprint(analyzer.analyze(title), analyzer.analyze(body), day);
  REQUIRE(f);
  return *f;
}

bool same_print(const Fingerprint& a, const Fingerprint& b) {
  return a.level == b.level && a.body == b.body && a.title == b.title && a.numbers == b.numbers &&
         a.day == b.day && a.shingles == b.shingles;
}

// `text` with every `from` replaced by `to`.
std::string replaced(std::string text,
                     const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [from, to] : edits) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

// The first `n` words of `text`.
std::string first_words(const std::string& text, int n) {
  std::size_t at = 0;
  for (int i = 0; i < n && at != std::string::npos; ++i) at = text.find(' ', at + 1);
  return at == std::string::npos ? text : text.substr(0, at);
}

kavosh::Article article_of(const kavosh::testing::NewsItem& n) {
  kavosh::Article a;
  a.id = n.id;
  a.source = n.source;
  a.category = n.category;
  a.date = n.date;
  a.title = n.title;
  a.body = n.body;
  return a;
}

ClusterPlan plan_of(const std::string& path) {
  kavosh::Result<ClusterPlan> plan = kavosh::plan_clusters(Xapian::Database(path));
  REQUIRE(plan.ok());
  return std::move(plan).value();
}

// Cluster values by docid, as "docid=value" lines in docid order (readable
// when a check fails).
using Values = std::map<Xapian::docid, std::string>;
std::vector<std::string> lines_of(const Values& values) {
  std::vector<std::string> out;
  for (const auto& [id, value] : values) out.push_back(std::to_string(id) + "=" + value);
  return out;
}

std::vector<std::string> changes_of(const ClusterPlan& plan) {
  return lines_of(Values(plan.changes.begin(), plan.changes.end()));
}

// The stored cluster value of every document (empty: none).
std::vector<std::string> stored_clusters(const std::string& path) {
  Xapian::Database db(path);
  Values out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    out[*it] = db.get_document(*it).get_value(kavosh::schema::kSlotCluster);
  }
  return lines_of(out);
}

std::unique_ptr<kavosh::IndexWriter> open_writer(const std::string& path) {
  auto writer = kavosh::IndexWriter::open(path, kavosh::AnalyzerOptions{}, "run1");
  REQUIRE(writer.ok());
  return std::move(writer).value();
}

void check_stats(const ClusterStats& got, const ClusterStats& want) {
  CHECK(got.documents == want.documents);
  CHECK(got.clusters == want.clusters);
  CHECK(got.members == want.members);
  CHECK(got.updated == want.updated);
}

}  // namespace

TEST_CASE("fingerprint: nothing for bodies of fewer than kMinShingles shingles",
          "[near_duplicates]") {
  const std::size_t enough = kavosh::kMinShingles + kavosh::kShingleWords - 1;
  struct Row {
    std::size_t tokens;
    bool has_print;
  };
  const Row rows[] = {
      {0, false}, {1, false}, {enough - 1, false}, {enough, true}, {300, true},
  };
  for (const Row& r : rows) {
    INFO(r.tokens << " tokens");
    CHECK(kavosh::fingerprint({}, tokens_of(distinct_stems(r.tokens)), 0).has_value() ==
          r.has_print);
  }
  // The headline alone is not enough.
  CHECK_FALSE(kavosh::fingerprint(tokens_of(distinct_stems(300)), {}, 0).has_value());
}

TEST_CASE("fingerprint: short bodies keep every shingle, long ones a sample of at most kMaxSampled",
          "[near_duplicates]") {
  struct Row {
    std::size_t tokens;
    unsigned level;
  };
  // Distinct words: n - 3 distinct shingles, halved at each level.
  const Row rows[] = {{20, 0}, {kavosh::kMaxSampled + 3, 0}, {800, 3}, {5000, 5}};
  for (const Row& r : rows) {
    INFO(r.tokens << " tokens");
    const std::optional<Fingerprint> f =
        kavosh::fingerprint({}, tokens_of(distinct_stems(r.tokens)), 0);
    REQUIRE(f);
    CHECK(f->shingles == r.tokens - 3);
    CHECK(f->body.size() <= kavosh::kMaxSampled);
    CHECK(std::is_sorted(f->body.begin(), f->body.end()));
    if (r.level == 0) {
      CHECK(f->level == 0);
      CHECK(f->body.size() == r.tokens - 3);
    } else {
      // Sampling is by hash: the level is near log2(shingles / kMaxSampled).
      CHECK(f->level >= r.level - 1);
      CHECK(f->level <= r.level + 1);
      CHECK(f->body.size() > kavosh::kMaxSampled / 4);
      for (std::uint32_t h : f->body) CHECK((h & ((1u << f->level) - 1)) == 0);
    }
  }
}

TEST_CASE("fingerprint: spelling, digits and ZWNJ are no edit; word order is",
          "[near_duplicates]") {
  kavosh::Analyzer analyzer;
  const std::string title = "کتاب‌های تازه در ۱۲ استان";
  const std::string body = "کتاب‌های تازه " + kavosh::testing::generated_text(5, 60) +
                           " می‌خواهم ۱۲۳ نسخه و ۴۵ عنوان";
  const std::vector<std::pair<std::string, std::string>> respell = {
      {"ی", "ي"}, {"ک", "ك"}, {"\u200c", ""}, {"۱۲۳", "123"}, {"۴۵", "٤٥"}, {"۱۲", "12"}};
  REQUIRE(replaced(body, respell) != body);
  const Fingerprint a = print_of(analyzer, title, body);
  const Fingerprint b = print_of(analyzer, replaced(title, respell), replaced(body, respell));
  CHECK(same_print(a, b));
  CHECK(a.numbers.size() == 3);  // 12, 123, 45
  CHECK(a.day == 20000);

  std::vector<kavosh::Token> words = analyzer.analyze(body);
  std::vector<kavosh::Token> reversed(words.rbegin(), words.rend());
  const std::optional<Fingerprint> r = kavosh::fingerprint({}, reversed, 0);
  REQUIRE(r);
  CHECK(r->body != a.body);
}

TEST_CASE("encode_fingerprint and decode_fingerprint", "[near_duplicates]") {
  kavosh::Analyzer analyzer;
  for (int words : {30, 2000}) {
    INFO(words << " words");
    const Fingerprint f =
        print_of(analyzer, "عنوان ۱۴", kavosh::testing::generated_text(3, words) + " ۱۲ و ۱۳");
    const std::string stored = kavosh::encode_fingerprint(f);
    const std::optional<Fingerprint> back = kavosh::decode_fingerprint(stored);
    REQUIRE(back);
    CHECK(same_print(*back, f));
    // Anything cut short, lengthened or out of order is refused.
    for (std::size_t cut = 0; cut < stored.size(); ++cut) {
      CHECK_FALSE(kavosh::decode_fingerprint(std::string_view(stored).substr(0, cut)).has_value());
    }
    CHECK_FALSE(kavosh::decode_fingerprint(stored + "x").has_value());
    std::string other_version = stored;
    other_version[0] = '\x7f';
    CHECK_FALSE(kavosh::decode_fingerprint(other_version).has_value());
  }
  Fingerprint unsorted;
  unsorted.body = {5, 3};
  CHECK_FALSE(kavosh::decode_fingerprint(kavosh::encode_fingerprint(unsorted)).has_value());
  unsorted.body = {3, 3};
  CHECK_FALSE(kavosh::decode_fingerprint(kavosh::encode_fingerprint(unsorted)).has_value());
  CHECK_FALSE(kavosh::decode_fingerprint("").has_value());
  CHECK_FALSE(kavosh::decode_fingerprint("not a fingerprint").has_value());
}

TEST_CASE("near_duplicate: edited copies are one story, templates and other stories are not",
          "[near_duplicates]") {
  kavosh::Analyzer analyzer;
  const std::string title = "افزایش قیمت سکه در بازار تهران";
  const std::string story = kavosh::testing::generated_text(37, 300);
  const std::string lead = first_words(story, 80);
  const std::string rest = story.substr(lead.size());
  const std::string report =
      "قیمت سکه امروز ۱۲ بهمن به ۵۴۰ هزار و نرخ دلار به ۱۵۳۰۰ تومان رسید "
      "و طلای ۱۸ عیار ۴۵۶ هزار تومان ";
  const std::string next_report =
      "قیمت سکه امروز ۱۳ بهمن به ۵۵۲ هزار و نرخ دلار به ۱۵۴۱۰ تومان رسید "
      "و طلای ۱۸ عیار ۴۶۱ هزار تومان ";
  const std::string boilerplate = kavosh::testing::generated_text(90, 40);

  struct Row {
    const char* what;
    std::string title_b, body_b;
    int day_b;
    bool copy;
  };
  const int day = 20000;
  const Row rows[] = {
      {"the same text", title, story, day, true},
      {"the same text, another day within kMaxDaysApart", title, story, day + kavosh::kMaxDaysApart,
       true},
      {"the same text much later", title, story, day + kavosh::kMaxDaysApart + 1, false},
      {"the same text, no date", title, story, 0, true},
      {"another headline", "سکه گران شد", story, day, true},
      {"the lead left out", title, rest, day, true},
      {"only the lead, another headline", "سکه", lead, day + 1, true},
      {"a paragraph added", title, story + kavosh::testing::generated_text(41, 150), day, true},
      {"a source line added", title, "به گزارش خبرگزاری پیک " + story + " منبع: پیک", day, true},
      {"the digits in ASCII", title, replaced(story, {{"۱", "1"}}), day, true},
      {"another story", title, kavosh::testing::generated_text(38, 300), day, false},
      {"another story, same boilerplate", title,
       boilerplate + kavosh::testing::generated_text(39, 200), day, false},
      // A digest that carries the story under the headline of another one.
      {"a digest headed by another story", "زلزله شدید هفت ریشتری شمال ژاپن را لرزاند",
       "زلزله شدید هفت ریشتری شمال ژاپن را لرزاند. " + kavosh::testing::generated_text(50, 100) +
           " " + story,
       day, false},
      {"too short to tell", title, first_words(story, 12), day, false},
  };
  const Fingerprint a = print_of(analyzer, title, story, day);
  for (const Row& r : rows) {
    INFO(r.what);
    const Fingerprint b = print_of(analyzer, r.title_b, r.body_b, r.day_b);
    const kavosh::Comparison c = kavosh::near_duplicate(a, b);
    INFO("containment " << c.containment << ", title " << c.title << ", days " << c.days_apart);
    CHECK(c.copy == r.copy);
    // Symmetric.
    CHECK(kavosh::near_duplicate(b, a).copy == r.copy);
  }

  // The same template with other figures, the next day: much of the wording
  // is shared, the numbers are not.
  const Fingerprint monday = print_of(analyzer, "قیمت سکه و ارز", report + boilerplate, day);
  const Fingerprint tuesday =
      print_of(analyzer, "قیمت سکه و ارز", next_report + boilerplate, day + 1);
  const kavosh::Comparison c = kavosh::near_duplicate(monday, tuesday);
  INFO("containment " << c.containment << ", numbers " << c.numbers);
  CHECK(c.numbers < kavosh::kMinNumbersShared);
  CHECK_FALSE(c.copy);
  CHECK(kavosh::near_duplicate(monday, monday).copy);

  // The same text under headlines with other numbers: another day's report.
  const Fingerprint day12 = print_of(analyzer, "قیمت سکه ۱۲ بهمن", story, day);
  const Fingerprint day13 = print_of(analyzer, "قیمت سکه ۱۳ بهمن", story, day + 1);
  const Fingerprint day12_again = print_of(analyzer, "سکه در ۱۲ بهمن گران شد", story, day + 1);
  CHECK(kavosh::near_duplicate(day12, day13).headline_numbers_differ);
  CHECK_FALSE(kavosh::near_duplicate(day12, day13).copy);
  CHECK_FALSE(kavosh::near_duplicate(day12, day12_again).headline_numbers_differ);
  CHECK(kavosh::near_duplicate(day12, day12_again).copy);
}

TEST_CASE("fingerprint: the word filter holds every content word, few others",
          "[near_duplicates]") {
  kavosh::Analyzer analyzer;
  for (int n : {20, 300, 3000}) {
    INFO(n << " words");
    const std::string text = kavosh::testing::generated_text(static_cast<unsigned>(n), n);
    const Fingerprint f = print_of(analyzer, "گزارش ویژه از بندر", text);
    CHECK(64 * f.words.size() <= kavosh::kMaxWordBits);
    for (const kavosh::Token& t : analyzer.analyze(text + " گزارش ویژه")) {
      if (!kavosh::is_stop_word(t.text)) CHECK(f.may_contain(kavosh::word_hash(t.stem)));
    }
    std::size_t false_positives = 0;
    for (int i = 0; i < 1000; ++i) {
      false_positives += f.may_contain(kavosh::word_hash("absent" + std::to_string(i))) ? 1 : 0;
    }
    CHECK(false_positives < 60);
  }
  CHECK_FALSE(Fingerprint{}.may_contain(kavosh::word_hash("any")));
}

TEST_CASE("plan_clusters: chains of copies, the first article names the cluster",
          "[near_duplicates]") {
  TempDir dir;
  const std::string path = dir / "db";
  // Short articles (no fingerprint of their own) given chosen ones: body
  // samples [from, to) at level 0 (every shingle kept).
  auto print = [](std::uint32_t from, std::uint32_t to, std::vector<std::uint32_t> more = {}) {
    Fingerprint f;
    for (std::uint32_t h = from; h < to; ++h) f.body.push_back(h * 1000);
    for (std::uint32_t h : more) f.body.push_back(h * 1000);
    std::sort(f.body.begin(), f.body.end());
    f.shingles = static_cast<std::uint32_t>(f.body.size());
    return kavosh::encode_fingerprint(f);
  };
  struct Row {
    const char* id;
    std::optional<std::string> print;  // the stored value; nullopt: none
    std::string stale_cluster;         // a cluster value left from an earlier run
  };
  const Row rows[] = {
      {"a1", print(0, 20), ""},
      {"a2", print(4, 24), ""},  // 16 of 20 shared with a1: a copy
      {"a3", print(8, 28), ""},  // a copy of a2; 12 of 20 with a1: not of a1
      {"b1", print(100, 120), ""},
      {"b2", print(100, 118, {200, 201}), "0000000000000bad"},  // 18 of 20
      {"far", print(100, 110, {300, 301, 302, 303, 304, 305, 306, 307, 308, 309}),
       "0000000000000bad"},                                           // 10 of 20
      {"bad", std::string("not a fingerprint"), "0000000000000bad"},  // leaves its cluster
      {"none", std::nullopt, ""},
  };
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    kavosh::Analyzer analyzer;
    db.set_metadata(std::string(kavosh::schema::kMetaAnalyzer), analyzer.id());
    db.set_metadata(std::string(kavosh::schema::kMetaSchema),
                    std::string(kavosh::schema::kSchemaVersion));
    for (const Row& r : rows) {
      kavosh::Article a;
      a.id = r.id;
      a.title = "عنوان";
      a.body = "متن کوتاه";
      Xapian::Document doc = kavosh::build_document(a, analyzer);
      REQUIRE(doc.get_value(kavosh::schema::kSlotDupFingerprint).empty());
      if (r.print) doc.add_value(kavosh::schema::kSlotDupFingerprint, *r.print);
      if (!r.stale_cluster.empty()) doc.add_value(kavosh::schema::kSlotCluster, r.stale_cluster);
      db.add_document(doc);
    }
    db.commit();
  }
  // Docids follow the rows.
  auto cluster_named_by = [](const char* id) {
    kavosh::Article a;
    a.id = id;
    return kavosh::stable_hash(kavosh::unique_term(a));
  };
  const std::string a_cluster = cluster_named_by("a1");
  const std::string b_cluster = cluster_named_by("b1");
  REQUIRE(a_cluster != b_cluster);

  const ClusterPlan plan = plan_of(path);
  check_stats(plan.stats, {/*documents=*/6, /*clusters=*/2, /*members=*/5, /*updated=*/7});
  CHECK(changes_of(plan) == lines_of(Values{{1, a_cluster},
                                            {2, a_cluster},
                                            {3, a_cluster},
                                            {4, b_cluster},
                                            {5, b_cluster},
                                            {6, ""},
                                            {7, ""}}));

  // Applied by the writer, the plan leaves nothing to change.
  {
    auto writer = open_writer(path);
    const kavosh::Result<ClusterStats> applied = writer->update_clusters();
    REQUIRE(applied.ok());
    check_stats(applied.value(), plan.stats);
  }
  CHECK(stored_clusters(path) == lines_of(Values{{1, a_cluster},
                                                 {2, a_cluster},
                                                 {3, a_cluster},
                                                 {4, b_cluster},
                                                 {5, b_cluster},
                                                 {6, ""},
                                                 {7, ""},
                                                 {8, ""}}));
  {
    // Each cluster's entry lists its members (undated: in docid order).
    Xapian::Database db(path);
    auto listed = [&db](const std::string& cluster) {
      const std::optional<std::vector<kavosh::ClusterMember>> members =
          kavosh::decode_cluster_members(db.get_metadata(kavosh::schema::cluster_key(cluster)));
      REQUIRE(members);
      std::vector<Xapian::docid> out;
      for (const kavosh::ClusterMember& m : *members) out.push_back(m.docid);
      return out;
    };
    CHECK(listed(a_cluster) == std::vector<Xapian::docid>{1, 2, 3});
    CHECK(listed(b_cluster) == std::vector<Xapian::docid>{4, 5});
    CHECK(listed("0000000000000bad").empty());  // the stale cluster has no entry
  }
  const ClusterPlan again = plan_of(path);
  CHECK(again.changes.empty());
  check_stats(again.stats, {6, 2, 5, 0});
}

TEST_CASE("plan_clusters: syndicated articles from IndexWriter, then edits", "[near_duplicates]") {
  TempDir dir;
  const std::string path = dir / "db";
  // d1, d2, d3: one story (a word inserted, another title); o1, o2: others.
  const std::vector<kavosh::testing::NewsItem> items = kavosh::testing::duplicate_corpus();
  REQUIRE(items.size() == 5);
  auto writer = open_writer(path);
  for (const auto& n : items) REQUIRE(writer->add(article_of(n), "in:" + n.id).ok());
  kavosh::Article short_one;
  short_one.id = "short";
  short_one.title = "کوتاه";
  short_one.body = "خبری کوتاه بدون امضا.";
  REQUIRE(writer->add(short_one, "in:short").ok());
  REQUIRE(writer->commit().ok());

  {
    // Every article long enough has a fingerprint, dated by its article.
    Xapian::Database db(path);
    for (Xapian::docid id = 1; id <= 6; ++id) {
      INFO("docid " << id);
      const std::optional<Fingerprint> f = kavosh::decode_fingerprint(
          db.get_document(id).get_value(kavosh::schema::kSlotDupFingerprint));
      CHECK(f.has_value() == (id <= 5));
      if (f) CHECK(f->day == kavosh::day_number(items[id - 1].date));
    }
  }

  const std::string cluster = kavosh::stable_hash(kavosh::unique_term(article_of(items[0])));
  const ClusterPlan first = plan_of(path);
  check_stats(first.stats, {5, 1, 3, 3});
  CHECK(changes_of(first) == lines_of(Values{{1, cluster}, {2, cluster}, {3, cluster}}));
  const kavosh::Result<ClusterStats> applied = writer->update_clusters();
  REQUIRE(applied.ok());
  check_stats(applied.value(), first.stats);
  CHECK(plan_of(path).changes.empty());
  // The cluster's entry lists its members newest first, with their API ids.
  auto members = [&path](const std::string& c) {
    Xapian::Database db(path);
    const std::optional<std::vector<kavosh::ClusterMember>> listed =
        kavosh::decode_cluster_members(db.get_metadata(kavosh::schema::cluster_key(c)));
    REQUIRE(listed);
    std::vector<Xapian::docid> out;
    for (const kavosh::ClusterMember& m : *listed) {
      CHECK(m.id == db.get_document(m.docid).get_value(kavosh::schema::kSlotApiId));
      out.push_back(m.docid);
    }
    return out;
  };
  CHECK(members(cluster) == std::vector<Xapian::docid>{3, 2, 1});

  // A stored article replaced by the same text is written without its
  // cluster value: the plan puts it back, and only there.
  REQUIRE(writer->add(article_of(items[2]), "in:d3-again").ok());
  REQUIRE(writer->commit().ok());
  const ClusterPlan second = plan_of(path);
  check_stats(second.stats, {5, 1, 3, 1});
  CHECK(changes_of(second) == lines_of(Values{{3, cluster}}));
  REQUIRE(writer->update_clusters().ok());
  CHECK(plan_of(path).changes.empty());

  // d3 rewritten as another story leaves the cluster (its new version has no
  // value to clear); d1 and d2 stay one.
  kavosh::Article d3 = article_of(items[2]);
  d3.body = kavosh::testing::generated_text(99, 300);
  REQUIRE(writer->add(d3, "in:d3-rewritten").ok());
  REQUIRE(writer->commit().ok());
  const ClusterPlan third = plan_of(path);
  check_stats(third.stats, {5, 1, 2, 0});
  CHECK(third.changes.empty());
  CHECK(stored_clusters(path) ==
        lines_of(Values{{1, cluster}, {2, cluster}, {3, ""}, {4, ""}, {5, ""}, {6, ""}}));
  // No article's value changes, but the cluster's entry does.
  CHECK(members(cluster) == std::vector<Xapian::docid>{3, 2, 1});
  REQUIRE(writer->update_clusters().ok());
  CHECK(members(cluster) == std::vector<Xapian::docid>{2, 1});

  // d2 too: d1 is alone and leaves its cluster.
  kavosh::Article d2 = article_of(items[1]);
  d2.body = kavosh::testing::generated_text(98, 300);
  REQUIRE(writer->add(d2, "in:d2-rewritten").ok());
  REQUIRE(writer->commit().ok());
  const ClusterPlan fourth = plan_of(path);
  check_stats(fourth.stats, {5, 0, 0, 1});
  CHECK(changes_of(fourth) == lines_of(Values{{1, ""}}));
  REQUIRE(writer->update_clusters().ok());
  const ClusterPlan last = plan_of(path);
  CHECK(last.changes.empty());
  check_stats(last.stats, {5, 0, 0, 0});
  CHECK(stored_clusters(path) ==
        lines_of(Values{{1, ""}, {2, ""}, {3, ""}, {4, ""}, {5, ""}, {6, ""}}));
  CHECK(members(cluster).empty());  // the entry left with the value
  {
    Xapian::Database db(path);
    const std::string prefix(kavosh::schema::kMetaClusterPrefix);
    CHECK(db.metadata_keys_begin(prefix) == db.metadata_keys_end(prefix));
  }
}

TEST_CASE("encode_cluster_members and decode_cluster_members", "[near_duplicates]") {
  const std::vector<kavosh::ClusterMember> members = {
      {7, "iranian-news:12"}, {3, ""}, {400000, std::string(300, 'x')}};
  const std::string stored = kavosh::encode_cluster_members(members);
  const std::optional<std::vector<kavosh::ClusterMember>> back =
      kavosh::decode_cluster_members(stored);
  REQUIRE(back);
  REQUIRE(back->size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK((*back)[i].docid == members[i].docid);
    CHECK((*back)[i].id == members[i].id);
  }
  REQUIRE(kavosh::decode_cluster_members(""));
  CHECK(kavosh::decode_cluster_members("")->empty());
  for (std::size_t cut = 1; cut < stored.size(); ++cut) {
    const std::optional<std::vector<kavosh::ClusterMember>> part =
        kavosh::decode_cluster_members(std::string_view(stored).substr(0, cut));
    // A cut between two members reads as fewer members; any other is refused.
    if (part) CHECK(part->size() < 3);
  }
  CHECK_FALSE(kavosh::decode_cluster_members(std::string("\0\0", 2)).has_value());  // docid 0
}

TEST_CASE("plan_clusters: an empty database has nothing to plan", "[near_duplicates]") {
  TempDir dir;
  { Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE); }
  const ClusterPlan plan = plan_of(dir / "db");
  CHECK(plan.changes.empty());
  check_stats(plan.stats, {0, 0, 0, 0});
}
