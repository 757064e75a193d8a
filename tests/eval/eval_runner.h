// The retrieval-quality evaluation behind kavosh-eval: index a test collection
// once per analyzer configuration, rank every topic as written and respelled
// with the API's own parse_query()/run_query(), and score the runs.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "eval/hamshahri.h"
#include "eval/trec_metrics.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/article.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "kavosh/util/status.h"

namespace kavosh::eval {

// A named set of analyzer stages.
struct EvalConfig {
  std::string name;
  AnalyzerOptions options;
};

// plain {fold=0, join=0, stem=0}, fold {1,0,0}, join {1,1,0}, full {1,1,1}.
const std::vector<EvalConfig>& standard_configs();
// The standard config called `name`; fails, listing the names, for another.
Result<EvalConfig> config_named(std::string_view name);

// A test collection in memory.
struct Collection {
  std::vector<Article> articles;
  std::vector<Topic> topics;
  Qrels qrels;
};

// Reads the Hamshahri collection folder `root` (see HamshahriPaths).
Result<Collection> read_hamshahri(const std::filesystem::path& root);

struct IndexStats {
  std::size_t documents = 0;
  double seconds = 0;       // writing the database, commits included
  std::uint64_t bytes = 0;  // the database's files on disk
};

// Builds a fresh database of `articles` at `db_path` with `analyzer`, as
// kavosh-index does (same metadata, unique terms, a commit every 1000
// documents). REQUIRES: nothing exists at `db_path`.
Result<IndexStats> build_database(const std::vector<Article>& articles, Analyzer& analyzer,
                                  const std::filesystem::path& db_path);

// The ids of the top `depth` articles for `query`, ranked by parse_query()
// and run_query(). A query with no searchable word retrieves nothing.
Result<Ranking> rank(const Xapian::Database& db, Analyzer& analyzer, std::string_view query,
                     std::size_t depth = kRunDepth, const RankingOptions& ranking = {},
                     const MatchOptions& match = {});

// Ranks every topic, as written or after respell().
Result<Run> run_topics(const Xapian::Database& db, Analyzer& analyzer,
                       const std::vector<Topic>& topics, bool respelled,
                       const RankingOptions& ranking = {}, const MatchOptions& match = {},
                       std::size_t depth = kRunDepth);

// Milliseconds taken by parse_query() + run_query() (top kRunDepth) for each
// query: every query runs twice and the second run is timed.
Result<std::vector<double>> query_latencies_ms(const Xapian::Database& db, Analyzer& analyzer,
                                               const std::vector<std::string>& queries);

// The value at fraction q (0 < q <= 1) of `values` by the nearest-rank method
// (q = 0.5 is the lower median, 0.95 the p95); 0 when `values` is empty.
double nearest_rank(std::vector<double> values, double q);

struct ConfigReport {
  EvalConfig config;
  std::string analyzer_id;
  IndexStats index;
  RunScores given;                 // topics as written
  RunScores respelled;             // topics after respell()
  std::vector<double> latency_ms;  // per topic, respelled; when requested
};

// Indexes `collection` into a fresh database at `db_path` (REQUIRES: absent)
// and evaluates both spellings of the topics on it.
// With `reuse_db`, an existing database at `db_path` is ranked as it is
// (quick ranking experiments; its index figures are then zero).
Result<ConfigReport> evaluate_config(const Collection& collection, const EvalConfig& config,
                                     const std::filesystem::path& db_path, bool measure_latency,
                                     const RankingOptions& ranking = {},
                                     const MatchOptions& match = {}, bool reuse_db = false,
                                     std::size_t depth = kRunDepth);

struct EvalOptions {
  std::filesystem::path corpus;      // the Hamshahri folder
  std::vector<std::string> configs;  // standard config names, in output order
  bool per_topic = false;            // also print per-topic AP
  // Where the databases stay, one subfolder per config; when unset they are
  // built in a temporary directory removed at the end.
  std::optional<std::filesystem::path> keep_db;
  // With keep_db: rank databases already there instead of building them.
  bool reuse_db = false;
  RankingOptions ranking;  // defaults: what the API serves
  // How the matches are taken (MatchOptions): only the query's own matches
  // (as the API does), and the depth blind feedback re-ranks (0: all).
  bool query_matches_only = false;
  Xapian::doccount rescore_depth = 0;
  // Articles ranked per topic (MAP is measured to this depth); 10 measures
  // the first page as the API ranks it.
  std::size_t run_depth = kRunDepth;
  // The ranking features table: each feature of the API's ranking switched
  // off (or an alternative on), measured on the Hamshahri topics (as the API
  // ranks: its own matches, two passes) and on the known-item set
  // (known_items.h) over the news corpora in `news_corpora`. Skipped, with a
  // note, when those are absent.
  bool features = false;
  std::filesystem::path known_items;   // the known-item set (TSV)
  std::filesystem::path news_corpora;  // ../shared/corpora: iranian-news, fars-varzesh3
  bool show_misses = false;            // list the known items not ranked first
  // The "did you mean" table (typos.h) over the news corpora: with features,
  // or alone (spelling).
  bool spelling = false;
  std::filesystem::path typos;  // the typo set (TSV)
  // The near-duplicate table (duplicates.h) over the news corpora: with
  // features, or alone (duplicates).
  bool duplicates = false;
  std::filesystem::path duplicate_pairs;  // the labelled pairs (TSV)
};

// A ranking to compare in the features table: the API's, with one change.
struct RankingVariant {
  std::string name;
  RankingOptions ranking;
};
// The API's ranking first, then each feature switched off or changed.
std::vector<RankingVariant> ranking_variants();

// Runs the evaluation and prints its tables to `out`, progress to `log`.
// REQUIRES: options.corpus is a directory.
Status run_eval(const EvalOptions& options, std::ostream& out, std::ostream& log);

}  // namespace kavosh::eval
