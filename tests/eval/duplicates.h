// Near-duplicate pairs (tests/eval/duplicates/): pairs of real articles read
// and labelled by hand as one story (`copy`) or two (`distinct`), each with
// the kind of edit or of look-alike. Scored for the clusters the indexer
// stores (what search collapses and /similar lists), for the pair rule
// alone, and for exact word 5-gram Jaccard baselines.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/util/status.h"

namespace kavosh::eval {

struct DuplicatePair {
  std::string id;     // D001, ...
  bool copy = false;  // label: copy or distinct
  std::string kind;   // headline-rewritten, ..., same-event, daily-report, template, ...
  std::string url_a, url_b;
};

// "pair<TAB>copy|distinct<TAB>kind<TAB>url_a<TAB>url_b" lines; '#' lines and
// blank lines are skipped. Fails, as "name:line: ...", on another number of
// fields, an empty field, another label, a pair of one URL or a repeated id.
Result<std::vector<DuplicatePair>> parse_duplicate_pairs(std::istream& in, const std::string& name);
Result<std::vector<DuplicatePair>> read_duplicate_pairs(const std::filesystem::path& path);

// One detector's verdicts on the set.
struct DetectorScores {
  std::string name;
  std::size_t true_positive = 0, false_positive = 0, false_negative = 0, true_negative = 0;
  std::map<std::string, std::size_t> called_copy;  // by kind: pairs the detector calls copies

  double precision() const;
  double recall() const;
};

struct DuplicateReport {
  std::map<std::string, std::size_t> pairs_by_kind;
  std::map<std::string, bool> kind_is_copy;
  std::vector<DetectorScores> detectors;  // clusters, pair rule, Jaccard baselines
  // The pairs the clusters get wrong, with what the pair rule weighed.
  std::vector<std::string> misses;
  std::size_t articles = 0;       // in the database
  std::size_t fingerprinted = 0;  // with a fingerprint
  std::size_t clusters = 0, members = 0;
  double plan_seconds = 0;         // plan_clusters() over the whole database
  double fingerprint_seconds = 0;  // fingerprint() of every article, analysis excluded
  double analysis_seconds = 0;     // analysing every article's headline and body
};

// Scores `pairs` on `db` (built by kavosh-index from the articles the pairs
// name). The clusters are those the database would hold after this build's
// plan_clusters(). Fails when a URL names no article.
Result<DuplicateReport> score_duplicates(const Xapian::Database& db, Analyzer& analyzer,
                                         const std::vector<DuplicatePair>& pairs);

}  // namespace kavosh::eval
