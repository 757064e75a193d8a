#include "eval/duplicates.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "eval/tsv.h"
#include "kavosh/index/article.h"
#include "kavosh/index/dates.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/hash.h"

namespace kavosh::eval {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::optional<Article> stored_article(const Xapian::Document& doc) {
  const std::string data = doc.get_data();
  if (std::optional<Article> a = read_stored_article(data)) return a;
  Result<Article> parsed = article_from_data(data);
  if (!parsed.ok()) return std::nullopt;
  return std::move(parsed).value();
}

// The set of word 5-grams of an article's headline and body, over the
// analyser's folded words (Token::text: no stemming), hashed.
std::unordered_set<std::uint64_t> five_grams(Analyzer& analyzer, const Article& a) {
  std::vector<Token> words = analyzer.analyze(a.title);
  for (Token& t : analyzer.analyze(a.body)) words.push_back(std::move(t));
  std::unordered_set<std::uint64_t> out;
  for (std::size_t i = 0; i + 5 <= words.size(); ++i) {
    std::uint64_t h = kFnv1aOffset;
    for (std::size_t k = 0; k < 5; ++k) h = fnv1a64(words[i + k].text + "\x1f", h);
    out.insert(h);
  }
  return out;
}

double jaccard(const std::unordered_set<std::uint64_t>& a,
               const std::unordered_set<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t shared = 0;
  for (std::uint64_t h : a) shared += b.count(h);
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

void count(DetectorScores& d, const DuplicatePair& p, bool called_copy) {
  if (called_copy) ++d.called_copy[p.kind];
  if (p.copy) {
    (called_copy ? d.true_positive : d.false_negative) += 1;
  } else {
    (called_copy ? d.false_positive : d.true_negative) += 1;
  }
}

std::string describe(const Comparison& c) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "containment %.2f of %zu (other %zu), title %.2f, coverage %.2f, numbers %.2f%s, "
                "days %d",
                c.containment, c.compared, c.larger, c.title, c.coverage, c.numbers,
                c.headline_numbers_differ ? " (headline numbers differ)" : "", c.days_apart);
  return buf;
}

}  // namespace

double DetectorScores::precision() const {
  const std::size_t called = true_positive + false_positive;
  return called == 0 ? 1.0 : static_cast<double>(true_positive) / static_cast<double>(called);
}

double DetectorScores::recall() const {
  const std::size_t copies = true_positive + false_negative;
  return copies == 0 ? 1.0 : static_cast<double>(true_positive) / static_cast<double>(copies);
}

Result<std::vector<DuplicatePair>> parse_duplicate_pairs(std::istream& in,
                                                         const std::string& name) {
  std::vector<DuplicatePair> out;
  std::set<std::string> ids;
  for (const TsvRow& row : read_tsv_rows(in, name)) {
    const std::vector<std::string>& f = row.fields;
    if (f.size() != 5) {
      return Error::bad_request(row.place +
                                "expected 5 tab-separated fields (pair, label, kind, url_a, "
                                "url_b), got " +
                                std::to_string(f.size()));
    }
    for (const std::string& field : f) {
      if (field.empty()) return Error::bad_request(row.place + "an empty field");
    }
    if (f[1] != "copy" && f[1] != "distinct") {
      return Error::bad_request(row.place + "label '" + f[1] +
                                "' is neither 'copy' nor 'distinct'");
    }
    if (f[3] == f[4]) return Error::bad_request(row.place + "a pair of one URL");
    if (!ids.insert(f[0]).second) {
      return Error::bad_request(row.place + "pair " + f[0] + " repeated");
    }
    out.push_back({f[0], f[1] == "copy", f[2], f[3], f[4]});
  }
  return out;
}

Result<std::vector<DuplicatePair>> read_duplicate_pairs(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot read " + path.string());
  return parse_duplicate_pairs(in, path.string());
}

Result<DuplicateReport> score_duplicates(const Xapian::Database& db, Analyzer& analyzer,
                                         const std::vector<DuplicatePair>& pairs) {
  DuplicateReport report;
  try {
    // URLs, and the cost of fingerprinting every article (analysis apart).
    std::unordered_map<std::string, Xapian::docid> docid_of_url;
    std::unordered_map<Xapian::docid, Article> articles;  // those the pairs name
    std::unordered_set<std::string> wanted;
    for (const DuplicatePair& p : pairs) wanted.insert({p.url_a, p.url_b});
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      std::optional<Article> a = stored_article(db.get_document(*it));
      if (!a) return Error::internal("docid " + std::to_string(*it) + ": unreadable record");
      ++report.articles;
      Clock::time_point start = Clock::now();
      const std::vector<Token> title = analyzer.analyze(a->title);
      const std::vector<Token> body = analyzer.analyze(a->body);
      report.analysis_seconds += seconds_since(start);
      start = Clock::now();
      const int day = a->date.empty() ? 0 : day_number(a->date).value_or(0);
      if (fingerprint(title, body, day)) ++report.fingerprinted;
      report.fingerprint_seconds += seconds_since(start);
      if (wanted.count(a->url) > 0) {
        docid_of_url[a->url] = *it;
        articles.emplace(*it, std::move(*a));
      }
    }

    // The clusters this build would store: the stored values, changed as planned.
    const Clock::time_point planning = Clock::now();
    Result<ClusterPlan> plan = plan_clusters(db);
    report.plan_seconds = seconds_since(planning);
    if (!plan.ok()) return plan.error();
    report.clusters = plan.value().stats.clusters;
    report.members = plan.value().stats.members;
    std::unordered_map<Xapian::docid, std::string> cluster;
    for (Xapian::ValueIterator v = db.valuestream_begin(schema::kSlotCluster);
         v != db.valuestream_end(schema::kSlotCluster); ++v) {
      cluster[v.get_docid()] = *v;
    }
    for (const auto& [id, value] : plan.value().changes) cluster[id] = value;

    DetectorScores clusters, rule, jaccard80, jaccard50;
    clusters.name = "Kavosh clusters";
    rule.name = "Kavosh pair rule";
    jaccard80.name = "Jaccard >= 0.8";
    jaccard50.name = "Jaccard >= 0.5";
    for (const DuplicatePair& p : pairs) {
      ++report.pairs_by_kind[p.kind];
      report.kind_is_copy[p.kind] = p.copy;
      Xapian::docid ids[2] = {0, 0};
      const std::string* urls[2] = {&p.url_a, &p.url_b};
      for (int k = 0; k < 2; ++k) {
        const auto at = docid_of_url.find(*urls[k]);
        if (at == docid_of_url.end()) {
          return Error::not_found("pair " + p.id + ": no article has URL " + *urls[k]);
        }
        ids[k] = at->second;
      }
      const std::string& ca = cluster[ids[0]];
      const bool same_cluster = !ca.empty() && ca == cluster[ids[1]];
      count(clusters, p, same_cluster);

      const std::optional<Fingerprint> fa =
          decode_fingerprint(db.get_document(ids[0]).get_value(schema::kSlotDupFingerprint));
      const std::optional<Fingerprint> fb =
          decode_fingerprint(db.get_document(ids[1]).get_value(schema::kSlotDupFingerprint));
      Comparison c;
      if (fa && fb) c = near_duplicate(*fa, *fb);
      count(rule, p, c.copy);

      const double j = jaccard(five_grams(analyzer, articles.at(ids[0])),
                               five_grams(analyzer, articles.at(ids[1])));
      count(jaccard80, p, j >= 0.8);
      count(jaccard50, p, j >= 0.5);

      if (same_cluster != p.copy) {
        report.misses.push_back(p.id + " " + (p.copy ? "copy" : "distinct") + "/" + p.kind +
                                (same_cluster ? ": clustered" : ": not clustered") + " (" +
                                (fa && fb ? describe(c) : std::string("no fingerprint")) +
                                (c.copy != same_cluster ? "; the pair rule differs" : "") + ")");
      }
    }
    report.detectors = {clusters, rule, jaccard80, jaccard50};
  } catch (const Xapian::Error& e) {
    return Error::internal("scoring near-duplicate pairs: " + e.get_description());
  }
  return report;
}

}  // namespace kavosh::eval
