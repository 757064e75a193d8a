#include "eval/eval_runner.h"

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include "eval/duplicates.h"
#include "eval/known_items.h"
#include "eval/respell.h"
#include "eval/typos.h"
#include "index_runner.h"
#include "kavosh/index/compatibility.h"
#include "kavosh/index/document.h"
#include "kavosh/index/index_writer.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"

namespace kavosh::eval {

namespace fs = std::filesystem;

namespace {

// The config whose query latency is measured.
constexpr std::string_view kLatencyConfig = "full";

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// printf into a std::string.
__attribute__((format(printf, 1, 2))) std::string format(const char* fmt, ...) {
  char buf[512];
  va_list args;
  va_start(args, fmt);
  const int n = std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  if (n < 0) return {};
  return std::string(buf, std::min(static_cast<std::size_t>(n), sizeof buf - 1));
}

// Total size of the regular files under `dir`.
std::uint64_t directory_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (!it->is_regular_file(size_ec)) continue;
    const std::uintmax_t size = it->file_size(size_ec);
    if (!size_ec) total += size;
  }
  return total;
}

// A directory removed with everything in it when this object is destroyed.
class TemporaryTree {
 public:
  explicit TemporaryTree(fs::path path) : path_(std::move(path)) {}
  ~TemporaryTree() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TemporaryTree(const TemporaryTree&) = delete;
  TemporaryTree& operator=(const TemporaryTree&) = delete;

 private:
  fs::path path_;
};

// A new, empty directory under the system temporary directory.
Result<fs::path> make_temporary_directory() {
  std::error_code ec;
  const fs::path base = fs::temp_directory_path(ec);
  if (ec) return Error::internal("no temporary directory: " + ec.message());
  std::string pattern = (base / "kavosh-eval-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Error::internal("cannot create a directory in '" + base.string() + "'");
  }
  return fs::path(pattern);
}

Result<std::vector<EvalConfig>> configs_named(const std::vector<std::string>& names) {
  std::vector<EvalConfig> configs;
  std::set<std::string> seen;
  for (const std::string& name : names) {
    Result<EvalConfig> c = config_named(name);
    if (!c.ok()) return c.error();
    if (!seen.insert(name).second) return Error::bad_request("config '" + name + "' given twice");
    configs.push_back(std::move(c).value());
  }
  if (configs.empty()) return Error::bad_request("no config to evaluate");
  return configs;
}

// Reports topics that cannot be scored as the qrels intend.
void warn_about_topics(const Collection& c, std::ostream& log) {
  std::set<std::string> with_query;
  for (const Topic& t : c.topics) {
    with_query.insert(t.id);
    const auto it = c.qrels.relevant.find(t.id);
    if (it == c.qrels.relevant.end() || it->second.empty()) {
      log << "kavosh-eval: warning: topic " << t.id << " has no relevant document: not scored\n";
    }
  }
  for (const auto& [id, relevant] : c.qrels.relevant) {
    if (!relevant.empty() && with_query.count(id) == 0) {
      log << "kavosh-eval: warning: judged topic " << id << " has no query: it scores 0\n";
    }
  }
}

std::size_t relevant_total(const Qrels& qrels) {
  std::size_t n = 0;
  for (const auto& [id, relevant] : qrels.relevant) n += relevant.size();
  return n;
}

void print_summary(const Collection& c, const std::vector<ConfigReport>& reports, std::size_t depth,
                   std::ostream& out) {
  const std::size_t evaluated = reports.empty() ? 0 : reports.front().given.topics.size();
  out << format(
      "Hamshahri: %zu documents, %zu topics (%zu scored, %zu relevant judgments), "
      "ranking depth %zu\n\n",
      c.articles.size(), c.topics.size(), evaluated, relevant_total(c.qrels), depth);
  out << format("%-6s %8s %9s | %-26s | %-26s |\n", "", "", "", "topics as given",
                "topics respelled");
  out << format("%-6s %8s %9s | %8s %8s %8s | %8s %8s %8s | %8s\n", "config", "index s", "index MB",
                "MAP", "P@10", "nDCG@10", "MAP", "P@10", "nDCG@10", "dMAP");
  for (const ConfigReport& r : reports) {
    out << format("%-6s %8.2f %9.2f | %8.4f %8.4f %8.4f | %8.4f %8.4f %8.4f | %+8.4f\n",
                  r.config.name.c_str(), r.index.seconds,
                  static_cast<double>(r.index.bytes) / (1024.0 * 1024.0), r.given.map, r.given.p10,
                  r.given.ndcg10, r.respelled.map, r.respelled.p10, r.respelled.ndcg10,
                  r.respelled.map - r.given.map);
  }
  out << "(dMAP = respelled MAP - given MAP; index MB = MiB on disk)\n\nanalyzer ids:\n";
  for (const ConfigReport& r : reports) {
    out << format("  %-6s %s\n", r.config.name.c_str(), r.analyzer_id.c_str());
  }
}

void print_per_topic(const Collection& c, const std::vector<ConfigReport>& reports,
                     std::ostream& out) {
  out << "\nper-topic AP (g: topic as given, r: respelled)\n";
  out << format("%-5s %5s", "qid", "rel");
  for (const ConfigReport& r : reports) {
    out << format(" %8s %8s", (r.config.name + " g").c_str(), (r.config.name + " r").c_str());
  }
  out << "  query | respelled\n";
  for (const Topic& t : c.topics) {
    const auto rel = c.qrels.relevant.find(t.id);
    if (rel == c.qrels.relevant.end() || rel->second.empty()) continue;
    out << format("%-5s %5zu", t.id.c_str(), rel->second.size());
    for (const ConfigReport& r : reports) {
      out << format(" %8.4f %8.4f", r.given.topics.at(t.id).ap, r.respelled.topics.at(t.id).ap);
    }
    out << "  " << t.query << " | " << respell(t.query) << "\n";
  }
}

void print_latency(const std::vector<ConfigReport>& reports, std::ostream& out) {
  const auto full = std::find_if(reports.begin(), reports.end(), [](const ConfigReport& r) {
    return r.config.name == kLatencyConfig;
  });
  if (full == reports.end()) {
    out << "\nquery latency: not measured (config 'full' not selected)\n";
    return;
  }
  out << format(
      "\nquery latency, config full, topics respelled (parse_query + run_query top %zu; each "
      "topic run twice, the second timed): median %.2f ms, p95 %.2f ms over %zu topics\n",
      kRunDepth, nearest_rank(full->latency_ms, 0.5), nearest_rank(full->latency_ms, 0.95),
      full->latency_ms.size());
}

// The news corpora the known items come from, as kavosh-index reads them.
std::vector<std::string> news_inputs(const fs::path& corpora) {
  std::vector<std::string> inputs = {(corpora / "iranian-news" / "iranian_news.jsonl").string()};
  for (const char* name : {"fars-news", "varzesh3"}) {
    for (int i = 1; i <= 5; ++i) {
      inputs.push_back(
          (corpora / "fars-varzesh3" / (std::string(name) + "-" + std::to_string(i) + ".json"))
              .string());
    }
  }
  return inputs;
}

// The database of the news corpora at `path`: built unless `reuse` and there.
Status news_database(const fs::path& corpora, const fs::path& path, bool reuse, std::ostream& log) {
  std::error_code ec;
  if (reuse && fs::is_directory(path, ec)) return {};
  IndexOptions index;
  index.db_path = path.string();
  index.inputs = news_inputs(corpora);
  index.quiet = true;
  log << "kavosh-eval: known items: indexing the news corpora into " << path.string() << "\n";
  std::ostringstream messages;
  Result<IndexSummary> summary = run_index(index, messages);
  if (!summary.ok()) return summary.error();
  return {};
}

struct VariantReport {
  std::string name;
  RunScores given, respelled;
  KnownItemScores known;
  std::vector<double> latency_ms;  // per known-item search (every spelling)
};

Result<VariantReport> evaluate_variant(const RankingVariant& variant, const Collection& c,
                                       const fs::path& hamshahri_db, const fs::path& news_db,
                                       const std::vector<KnownItem>& items, std::size_t depth,
                                       Xapian::doccount rescore_depth) {
  VariantReport report;
  report.name = variant.name;
  MatchOptions match;  // as the API ranks
  match.query_matches_only = true;
  match.rescore_depth = rescore_depth;
  try {
    const Xapian::Database db(hamshahri_db.string());
    Result<AnalyzerOptions> stored = database_analyzer(db, hamshahri_db.string());
    if (!stored.ok()) return stored.error();
    Analyzer analyzer(stored.value());
    for (const bool respelled : {false, true}) {
      Result<Run> run =
          run_topics(db, analyzer, c.topics, respelled, variant.ranking, match, depth);
      if (!run.ok()) return run.error();
      (respelled ? report.respelled : report.given) = evaluate(c.qrels, run.value());
    }
    SearchOptions options;
    options.ranking = variant.ranking;
    options.rescore_depth = rescore_depth;
    options.feedback_cache_entries = 0;  // every search computes its feedback
    options.answer_cache_entries = 0;    // and its answer (the latency is a search's)
    Result<std::unique_ptr<SearchService>> service = SearchService::open(news_db.string(), options);
    if (!service.ok()) return service.error();
    const Xapian::Database news(news_db.string());
    Result<KnownItemScores> known = score_known_items(*service.value(), news, items);
    if (!known.ok()) return known.error();
    report.known = std::move(known).value();
    for (const KnownItem& item : items) {
      for (const Spelling s : kSpellings) {
        SearchRequest request;
        request.query = spelled(item.query, s);
        const Clock::time_point start = Clock::now();
        if (!service.value()->search(request).ok()) continue;
        report.latency_ms.push_back(seconds_since(start) * 1000.0);
      }
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("ranking variant " + variant.name + ": " + e.get_description());
  }
  return report;
}

void print_variants(const std::vector<VariantReport>& reports, std::size_t items,
                    std::ostream& out) {
  out << format(
      "\nranking features (Hamshahri dev topics as the API ranks them; %zu known items, each "
      "in three spellings, through the search service, top 10)\n",
      items);
  out << format("%-24s | %7s %7s | %8s %8s %8s | %6s | %7s %7s\n", "ranking", "MAP g", "MAP r",
                "MRR std", "MRR strip", "MRR space", "S@10", "p50 ms", "p99 ms");
  for (const VariantReport& r : reports) {
    const double s10 = std::min({r.known.success10[0], r.known.success10[1], r.known.success10[2]});
    out << format("%-24s | %7.4f %7.4f | %8.4f %8.4f %8.4f | %6.3f | %7.2f %7.2f\n", r.name.c_str(),
                  r.given.map, r.respelled.map, r.known.mrr[0], r.known.mrr[1], r.known.mrr[2], s10,
                  nearest_rank(r.latency_ms, 0.5), nearest_rank(r.latency_ms, 0.99));
  }
  out << "(MAP g/r: topics as given/respelled; MRR per spelling: ZWNJ kept, stripped, a space; "
         "S@10: the worst spelling's share in the top 10; latency: one known-item search)\n";
  if (!reports.empty()) {
    out << "known-item MRR by kind (" << reports.front().name << "):";
    for (const auto& [kind, mrr] : reports.front().known.mrr_by_kind) {
      out << format(" %s %.3f", kind.c_str(), mrr);
    }
    out << "\n";
  }
}

}  // namespace

std::vector<RankingVariant> ranking_variants() {
  const RankingOptions api;
  std::vector<RankingVariant> v;
  v.push_back({"API (every feature)", api});
  RankingOptions r = api;
  for (const double k1 : {1.2, 2.0}) {
    r = api;
    r.k1 = k1;
    v.push_back({"BM25 k1 " + std::to_string(k1).substr(0, 3), r});
  }
  r = api;
  r.feedback_skip_gap = 0;
  v.push_back({"feedback for every query", r});
  r = api;
  r.feedback_docs = 0;
  v.push_back({"- blind feedback", r});
  r = api;
  r.title_weight = 0;
  v.push_back({"- title bonus", r});
  r = api;
  r.query.compound_head_weight = 0;
  v.push_back({"- compound heads", r});
  r = api;
  r.query.compound_head_weight = 0.5;
  v.push_back({"compound heads 0.5", r});
  r = api;
  r.all_words_first = false;
  v.push_back({"- all words first", r});
  r = api;
  r.proximity_weight = 0;
  v.push_back({"- proximity", r});
  for (const double w : {4.0, 12.0}) {
    r = api;
    r.proximity_weight = w;
    v.push_back({"proximity " + std::to_string(w).substr(0, 4), r});
  }
  r = api;
  r.title_proximity_weight = 2.0;
  v.push_back({"+ title proximity 2.0", r});
  r = api;
  r.number_pair_weight = 0;
  v.push_back({"- number pairs", r});
  r = api;
  r.feedback_skip_numbers = false;
  v.push_back({"- no feedback with numbers", r});
  r.number_pair_weight = 0;
  v.push_back({"- both number features", r});
  for (const double w : {0.5, 1.0}) {
    r = api;
    r.exact_weight = w;
    v.push_back({"+ exact forms " + std::to_string(w).substr(0, 3), r});
  }
  return v;
}

const std::vector<EvalConfig>& standard_configs() {
  static const std::vector<EvalConfig> kConfigs = {
      {"plain", {/*fold=*/false, /*join=*/false, /*stem=*/false}},
      {"fold", {/*fold=*/true, /*join=*/false, /*stem=*/false}},
      {"join", {/*fold=*/true, /*join=*/true, /*stem=*/false}},
      {"full", {/*fold=*/true, /*join=*/true, /*stem=*/true}},
  };
  return kConfigs;
}

Result<EvalConfig> config_named(std::string_view name) {
  std::string names;
  for (const EvalConfig& c : standard_configs()) {
    if (c.name == name) return c;
    names += (names.empty() ? "" : ", ") + c.name;
  }
  return Error::bad_request("unknown config '" + std::string(name) + "' (known: " + names + ")");
}

Result<Collection> read_hamshahri(const fs::path& root) {
  const HamshahriPaths paths = HamshahriPaths::under(root);
  Collection c;
  Result<std::vector<Topic>> topics = read_topics(paths.topics);
  if (!topics.ok()) return topics.error();
  Result<Qrels> qrels = read_qrels(paths.qrels);
  if (!qrels.ok()) return qrels.error();
  Result<std::vector<Article>> articles = read_collection(paths.docs);
  if (!articles.ok()) return articles.error();
  c.topics = std::move(topics).value();
  c.qrels = std::move(qrels).value();
  c.articles = std::move(articles).value();
  return c;
}

Result<IndexStats> build_database(const std::vector<Article>& articles, Analyzer& analyzer,
                                  const fs::path& db_path) {
  std::error_code ec;
  if (fs::exists(db_path, ec) || ec) {
    return Error::conflict("'" + db_path.string() + "' already exists: need a fresh database");
  }
  IndexStats stats;
  const Clock::time_point start = Clock::now();
  // The indexer's own writer: same metadata, unique terms, compound lexicon, batches.
  Result<std::unique_ptr<IndexWriter>> writer =
      IndexWriter::open(db_path.string(), analyzer.options(), new_run_id(),
                        IndexWriter::kDefaultBatchBytes, IndexWriter::Mode::kFreshBuild);
  if (!writer.ok()) return writer.error();
  for (const Article& a : articles) {
    Result<AddOutcome> added = writer.value()->add(a, a.id);
    if (!added.ok()) return added.error();
  }
  if (Status s = writer.value()->commit(); !s.ok()) return s.error();
  stats.documents = writer.value()->document_count();
  writer.value().reset();  // closes the database
  stats.seconds = seconds_since(start);
  stats.bytes = directory_bytes(db_path);
  return stats;
}

Result<Ranking> rank(const Xapian::Database& db, Analyzer& analyzer, std::string_view query,
                     std::size_t depth, const RankingOptions& options, const MatchOptions& match) {
  Ranking ranking;
  try {
    const ParsedQuery parsed = parse_query(analyzer, query, &db, options.query);
    if (parsed.browse || parsed.empty) return ranking;
    const Xapian::MSet mset =
        run_query(db, parsed, 0, static_cast<Xapian::doccount>(depth), options, match);
    ranking.reserve(mset.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      Result<Article> a = article_from_data(it.get_document().get_data());
      if (!a.ok()) {
        return Error::internal("document " + std::to_string(*it) + ": " + a.error().message);
      }
      ranking.push_back(std::move(a).value().id);
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("query '" + std::string(query) + "': " + e.get_description());
  }
  return ranking;
}

Result<Run> run_topics(const Xapian::Database& db, Analyzer& analyzer,
                       const std::vector<Topic>& topics, bool respelled,
                       const RankingOptions& ranking, const MatchOptions& match,
                       std::size_t depth) {
  Run run;
  for (const Topic& t : topics) {
    Result<Ranking> r =
        rank(db, analyzer, respelled ? respell(t.query) : t.query, depth, ranking, match);
    if (!r.ok())
      return Error{r.error().status, "topic " + t.id + ": " + r.error().message, r.error().code,
                   r.error().param};
    run[t.id] = std::move(r).value();
  }
  return run;
}

Result<std::vector<double>> query_latencies_ms(const Xapian::Database& db, Analyzer& analyzer,
                                               const std::vector<std::string>& queries) {
  std::vector<double> ms;
  try {
    for (const std::string& q : queries) {
      double last = 0;
      for (int pass = 0; pass < 2; ++pass) {
        const Clock::time_point start = Clock::now();
        const ParsedQuery parsed = parse_query(analyzer, q, &db);
        run_query(db, parsed, 0, kRunDepth);
        last = seconds_since(start) * 1000.0;
      }
      ms.push_back(last);
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("timing queries: " + e.get_description());
  }
  return ms;
}

double nearest_rank(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  const auto rank = static_cast<std::size_t>(std::ceil(q * n));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

Result<ConfigReport> evaluate_config(const Collection& collection, const EvalConfig& config,
                                     const fs::path& db_path, bool measure_latency,
                                     const RankingOptions& ranking, const MatchOptions& match,
                                     bool reuse_db, std::size_t depth) {
  ConfigReport report;
  report.config = config;
  Analyzer analyzer(config.options);
  report.analyzer_id = analyzer.id();
  std::error_code ec;
  if (!(reuse_db && fs::is_directory(db_path, ec))) {
    Result<IndexStats> stats = build_database(collection.articles, analyzer, db_path);
    if (!stats.ok()) return stats.error();
    report.index = stats.value();
  }

  try {
    const Xapian::Database db(db_path.string());
    // Query with the analyzer the database names, as SearchService does.
    Result<AnalyzerOptions> stored = database_analyzer(db, db_path.string());
    if (!stored.ok()) return stored.error();
    if (!(stored.value() == config.options)) {
      return Error::internal("database '" + db_path.string() + "' names analyzer '" +
                             Analyzer::id_for(stored.value()) + "', not '" + report.analyzer_id +
                             "'");
    }
    Analyzer query_analyzer(stored.value());
    for (const bool respelled : {false, true}) {
      Result<Run> run =
          run_topics(db, query_analyzer, collection.topics, respelled, ranking, match, depth);
      if (!run.ok()) return run.error();
      (respelled ? report.respelled : report.given) = evaluate(collection.qrels, run.value());
    }
    if (measure_latency) {
      std::vector<std::string> queries;
      for (const Topic& t : collection.topics) queries.push_back(respell(t.query));
      Result<std::vector<double>> ms = query_latencies_ms(db, query_analyzer, queries);
      if (!ms.ok()) return ms.error();
      report.latency_ms = std::move(ms).value();
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + db_path.string() + "': " + e.get_description());
  }
  return report;
}

// The news database (built when absent) for a table over the news corpora
// and the evaluation set `set`: nullopt, with a line saying `table` was
// SKIPPED, when the corpora or the set are absent.
struct NewsDatabase {
  Xapian::Database db;
  AnalyzerOptions analyzer;
};
Result<std::optional<NewsDatabase>> news_database_for(const EvalOptions& options,
                                                      const fs::path& set, const char* table,
                                                      const fs::path& news_db, std::ostream& out,
                                                      std::ostream& log) {
  std::error_code ec;
  if (!fs::is_directory(options.news_corpora / "iranian-news", ec) ||
      !fs::is_regular_file(set, ec)) {
    out << "\n"
        << table << ": SKIPPED: " << options.news_corpora.string() << " or " << set.string()
        << " not found\n";
    return std::optional<NewsDatabase>();
  }
  if (Status s = news_database(options.news_corpora, news_db, options.reuse_db, log); !s.ok()) {
    return s.error();
  }
  try {
    NewsDatabase out_db{Xapian::Database(news_db.string()), {}};
    Result<AnalyzerOptions> stored = database_analyzer(out_db.db, news_db.string());
    if (!stored.ok()) return stored.error();
    out_db.analyzer = stored.value();
    return std::optional<NewsDatabase>(std::move(out_db));
  } catch (const Xapian::Error& e) {
    return Error::internal(std::string(table) + ": " + e.get_description());
  }
}

// The "did you mean" table: Kavosh's corrector and Xapian's spelling
// dictionary on the typo set, per kind, over the news database `news_db`
// (built when absent).
Status spelling_table(const EvalOptions& options, const fs::path& news_db, std::ostream& out,
                      std::ostream& log) {
  Result<std::optional<NewsDatabase>> news =
      news_database_for(options, options.typos, "did you mean", news_db, out, log);
  if (!news.ok()) return news.error();
  if (!news.value()) return {};
  Result<std::vector<Typo>> typos = read_typos(options.typos);
  if (!typos.ok()) return typos.error();
  try {
    const Xapian::Database& db = news.value()->db;
    Analyzer analyzer(news.value()->analyzer);
    (void)score_corrector(db, analyzer, typos.value());  // warm the caches, as a server is
    const TypoScores kavosh = score_corrector(db, analyzer, typos.value());
    const TypoScores xapian = score_xapian_spelling(db, analyzer, typos.value());
    out << "\ndid you mean (" << typos.value().size() << " queries of "
        << options.typos.filename().string() << " over the news corpora; right: the query meant, "
        << "as the analyzer reads it; written: also as articles write it)\n";
    char line[200];
    std::snprintf(line, sizeof line, "%-12s %7s | %-26s | %-26s\n", "kind", "queries",
                  "Kavosh right/written/any", "Xapian dictionary right/any");
    out << line;
    auto row = [&](const std::string& name, const KindScore& k, const KindScore& x, bool variant) {
      const double n = std::max<std::size_t>(k.queries, 1);
      if (variant) {
        std::snprintf(line, sizeof line, "%-12s %7zu | %26s | %26s\n", name.c_str(), k.queries,
                      ("false " + std::to_string(k.suggested)).c_str(),
                      ("false " + std::to_string(x.suggested)).c_str());
      } else {
        std::snprintf(line, sizeof line,
                      "%-12s %7zu |    %5.2f   %5.2f   %5.2f    |    %5.2f       %5.2f     \n",
                      name.c_str(), k.queries, k.right / n, k.written / n, k.suggested / n,
                      x.right / n, x.suggested / n);
      }
      out << line;
    };
    for (const auto& [kind, k] : kavosh.by_kind) {
      row(kind, k, xapian.by_kind.at(kind), kind == kVariantKind);
    }
    row("all typos", kavosh.typos, xapian.typos, false);
    std::vector<double> ms = kavosh.latency_ms;
    std::sort(ms.begin(), ms.end());
    if (!ms.empty()) {
      out << "suggestion latency (spelling_correction alone): p50 " << ms[ms.size() / 2]
          << " ms, p99 " << ms[std::min(ms.size() - 1, ms.size() * 99 / 100)] << " ms\n";
    }
    if (options.show_misses) {
      out << "typos not corrected right, variants given a suggestion:\n";
      for (const std::string& m : kavosh.misses) out << "  " << m << "\n";
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("did you mean: " + e.get_description());
  }
  return {};
}

// The near-duplicate table: precision and recall of the clusters, of the pair
// rule alone and of two Jaccard baselines on the labelled pairs, per kind,
// over the news database `news_db` (built when absent).
Status duplicates_table(const EvalOptions& options, const fs::path& news_db, std::ostream& out,
                        std::ostream& log) {
  Result<std::optional<NewsDatabase>> news =
      news_database_for(options, options.duplicate_pairs, "near-duplicates", news_db, out, log);
  if (!news.ok()) return news.error();
  if (!news.value()) return {};
  Result<std::vector<DuplicatePair>> pairs = read_duplicate_pairs(options.duplicate_pairs);
  if (!pairs.ok()) return pairs.error();
  try {
    const Xapian::Database& db = news.value()->db;
    Analyzer analyzer(news.value()->analyzer);
    Result<DuplicateReport> scored = score_duplicates(db, analyzer, pairs.value());
    if (!scored.ok()) return scored.error();
    const DuplicateReport& r = scored.value();
    out << "\nnear-duplicates (" << pairs.value().size() << " labelled pairs of "
        << options.duplicate_pairs.filename().string()
        << " over the news corpora; per kind: pairs called copies; clusters: as search collapses "
           "and /similar lists, the pair rule: near_duplicate() alone; Jaccard: of exact word "
           "5-grams, a baseline)\n";
    out << format("%-28s %5s |", "kind", "pairs");
    for (const DetectorScores& d : r.detectors) out << format(" %16s", d.name.c_str());
    out << "\n";
    for (const bool copies : {true, false}) {
      for (const auto& [kind, n] : r.pairs_by_kind) {
        if (r.kind_is_copy.at(kind) != copies) continue;
        out << format("%-28s %5zu |", ((copies ? "copy/" : "distinct/") + kind).c_str(), n);
        for (const DetectorScores& d : r.detectors) {
          const auto called = d.called_copy.find(kind);
          out << format(" %16zu", called == d.called_copy.end() ? 0 : called->second);
        }
        out << "\n";
      }
    }
    out << format("%-28s %5s | %9s %9s\n", "detector", "", "precision", "recall");
    for (const DetectorScores& d : r.detectors) {
      out << format("%-28s %5s | %9.3f %9.3f\n", d.name.c_str(), "", d.precision(), d.recall());
    }
    out << format(
        "%zu articles, %zu fingerprinted, %zu clusters of %zu articles; plan_clusters %.3f s, "
        "fingerprints %.3f s beside analysis %.2f s\n",
        r.articles, r.fingerprinted, r.clusters, r.members, r.plan_seconds, r.fingerprint_seconds,
        r.analysis_seconds);
    if (options.show_misses) {
      out << "pairs the clusters get wrong:\n";
      for (const std::string& m : r.misses) out << "  " << m << "\n";
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("near-duplicates: " + e.get_description());
  }
  return {};
}

Status run_eval(const EvalOptions& options, std::ostream& out, std::ostream& log) {
  Result<std::vector<EvalConfig>> configs = configs_named(options.configs);
  if (!configs.ok()) return configs.error();

  log << "kavosh-eval: reading " << options.corpus.string() << "\n";
  Result<Collection> collection = read_hamshahri(options.corpus);
  if (!collection.ok()) return collection.error();
  const Collection& c = collection.value();
  warn_about_topics(c, log);

  // Databases go to --keep-db, or to a temporary directory removed on return.
  fs::path db_root;
  std::optional<TemporaryTree> cleanup;
  if (options.keep_db) {
    db_root = *options.keep_db;
    std::error_code ec;
    fs::create_directories(db_root, ec);
    if (ec) return Error::internal("cannot create '" + db_root.string() + "': " + ec.message());
  } else {
    Result<fs::path> tmp = make_temporary_directory();
    if (!tmp.ok()) return tmp.error();
    db_root = tmp.value();
    cleanup.emplace(db_root);
  }

  std::vector<ConfigReport> reports;
  for (const EvalConfig& config : configs.value()) {
    const fs::path db_path = db_root / config.name;
    log << "kavosh-eval: " << config.name << ": indexing " << c.articles.size()
        << " documents into " << db_path.string() << ", then ranking " << c.topics.size()
        << " topics twice\n";
    MatchOptions match;
    match.query_matches_only = options.query_matches_only;
    match.rescore_depth = options.rescore_depth;
    Result<ConfigReport> report =
        evaluate_config(c, config, db_path, config.name == kLatencyConfig, options.ranking, match,
                        options.reuse_db, options.run_depth);
    if (!report.ok()) return report.error();
    reports.push_back(std::move(report).value());
  }

  print_summary(c, reports, options.run_depth, out);
  if (options.per_topic) print_per_topic(c, reports, out);
  print_latency(reports, out);
  if (options.features) {
    std::error_code ec;
    if (!fs::is_directory(options.news_corpora / "iranian-news", ec) ||
        !fs::is_regular_file(options.known_items, ec)) {
      out << "\nranking features: SKIPPED: " << options.news_corpora.string() << " or "
          << options.known_items.string() << " not found\n";
      return {};
    }
    Result<std::vector<KnownItem>> items = read_known_items(options.known_items);
    if (!items.ok()) return items.error();
    const fs::path hamshahri_db = db_root / "full";
    if (!fs::is_directory(hamshahri_db, ec)) {
      Result<EvalConfig> full = config_named(kLatencyConfig);
      Analyzer analyzer(full.value().options);
      Result<IndexStats> built = build_database(c.articles, analyzer, hamshahri_db);
      if (!built.ok()) return built.error();
    }
    const fs::path news_db = db_root / "news";
    if (Status s = news_database(options.news_corpora, news_db, options.reuse_db, log); !s.ok()) {
      return s;
    }
    std::vector<VariantReport> variants;
    for (const RankingVariant& variant : ranking_variants()) {
      log << "kavosh-eval: ranking features: " << variant.name << "\n";
      Result<VariantReport> r =
          evaluate_variant(variant, c, hamshahri_db, news_db, items.value(), options.run_depth,
                           options.rescore_depth > 0 ? options.rescore_depth : kRescoreDepth);
      if (!r.ok()) return r.error();
      variants.push_back(std::move(r).value());
    }
    print_variants(variants, items.value().size(), out);
    if (options.show_misses && !variants.empty()) {
      out << "known items not ranked first (" << variants.front().name << "):\n";
      for (const std::string& m : variants.front().known.misses) out << "  " << m << "\n";
    }
  }
  if (options.features || options.spelling) {
    if (Status s = spelling_table(options, db_root / "news", out, log); !s.ok()) return s;
  }
  if (options.features || options.duplicates) {
    if (Status s = duplicates_table(options, db_root / "news", out, log); !s.ok()) return s;
  }
  return {};
}

}  // namespace kavosh::eval
