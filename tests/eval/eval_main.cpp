// kavosh-eval: command line front end of run_eval(), the retrieval-quality
// evaluation on the Hamshahri test collection.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <string>

#include "eval/eval_runner.h"

namespace {

// ../shared/corpora beside the source tree.
std::filesystem::path shared_corpora() {
  return (std::filesystem::path(KAVOSH_SOURCE_DIR).parent_path() / "shared" / "corpora")
      .lexically_normal();
}

}  // namespace

int main(int argc, char** argv) {
  kavosh::eval::EvalOptions options;
  std::string corpus = (shared_corpora() / "hamshahri").string();
  std::string keep_db;
  options.configs = {"plain", "fold", "join", "full"};

  CLI::App app{
      "kavosh-eval: retrieval quality (MAP, P@10, nDCG@10) of each analyzer configuration on "
      "the Hamshahri test collection, with the topics as given and respelled"};
  app.add_option("--corpus", corpus, "Hamshahri folder (docs/, topics-dev.tsv, qrels-dev.trec)")
      ->capture_default_str();
  app.add_option("--configs", options.configs,
                 "comma-separated analyzer configs: plain (no stage), fold (folding), join "
                 "(folding, affix joining), full (all stages, stemming too)")
      ->delimiter(',')
      ->capture_default_str();
  app.add_flag("--per-topic", options.per_topic, "also print each topic's AP per config");
  app.add_option("--keep-db", keep_db,
                 "keep the databases in DIR/<config> (DIR/<config> must not exist) instead of a "
                 "temporary directory");
  app.add_flag("--reuse-db", options.reuse_db,
               "with --keep-db: rank the databases already in DIR instead of building them");
  kavosh::RankingOptions& r = options.ranking;
  app.add_option("--k1", r.k1, "BM25 k1")->capture_default_str();
  app.add_option("--b", r.b, "BM25 b")->capture_default_str();
  app.add_option("--title-weight", r.title_weight, "weight of the title bonus")
      ->capture_default_str();
  app.add_option("--all-words-first", r.all_words_first,
                 "articles matching every query word first (1) or pure BM25 (0)")
      ->capture_default_str();
  app.add_option("--all-words-max-parts", r.all_words_max_parts,
                 "longest query (in parts) that all-words-first applies to")
      ->capture_default_str();
  app.add_option("--feedback-docs", r.feedback_docs, "blind feedback: documents (0: off)")
      ->capture_default_str();
  app.add_option("--feedback-terms", r.feedback_terms, "blind feedback: terms added")
      ->capture_default_str();
  app.add_option("--feedback-weight", r.feedback_weight, "blind feedback: weight of added terms")
      ->capture_default_str();
  app.add_option("--feedback-min-articles", r.feedback_min_articles,
                 "blind feedback: only stems this many feedback articles share")
      ->capture_default_str();
  app.add_option("--query-matches-only", options.query_matches_only,
                 "only the query's own matches (1, as the API ranks) or also those of the title "
                 "bonus and feedback terms (0)")
      ->capture_default_str();
  app.add_option("--rescore-depth", options.rescore_depth,
                 "blind feedback re-ranks only this many best matches (0: all; in the --features "
                 "table, 0 is the API's depth)")
      ->capture_default_str();
  app.add_option("--run-depth", options.run_depth,
                 "articles ranked per topic (10: the first page as the API ranks it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  std::string known_items = (std::filesystem::path(KAVOSH_SOURCE_DIR) / "tests" / "eval" /
                             "known_items" / "known-items.tsv")
                                .string();
  std::string typos =
      (std::filesystem::path(KAVOSH_SOURCE_DIR) / "tests" / "eval" / "spelling" / "typos.tsv")
          .string();
  std::string news_corpora = shared_corpora().string();
  app.add_flag("--features", options.features,
               "also print the ranking features table: each feature switched off, on the "
               "Hamshahri topics and on the known-item set");
  app.add_option("--known-items", known_items, "the known-item set (TSV)")->capture_default_str();
  app.add_option("--news-corpora", news_corpora,
                 "folder with iranian-news/ and fars-varzesh3/ (the known items' articles)")
      ->capture_default_str();
  app.add_flag("--misses", options.show_misses,
               "with --features: list the known items the API's ranking does not put first, "
               "the typos not corrected right and the pairs the clusters get wrong");
  app.add_flag("--spelling", options.spelling,
               "print the did-you-mean table (also printed with --features)");
  app.add_option("--typos", typos, "the typo set (TSV)")->capture_default_str();
  std::string pairs =
      (std::filesystem::path(KAVOSH_SOURCE_DIR) / "tests" / "eval" / "duplicates" / "pairs.tsv")
          .string();
  app.add_flag("--duplicates", options.duplicates,
               "print the near-duplicate table (also printed with --features)");
  app.add_option("--pairs", pairs, "the labelled near-duplicate pairs (TSV)")
      ->capture_default_str();
  app.footer(
      "Exit status: 0 on success, or when the corpus folder is absent (SKIPPED); 1 on an "
      "error.");
  CLI11_PARSE(app, argc, argv);

  options.corpus = corpus;
  options.known_items = known_items;
  options.typos = typos;
  options.duplicate_pairs = pairs;
  options.news_corpora = news_corpora;
  if (!keep_db.empty()) options.keep_db = keep_db;
  std::error_code ec;
  if (!std::filesystem::is_directory(options.corpus, ec)) {
    std::cout << "kavosh-eval: SKIPPED: " << corpus << " not found\n";
    return 0;
  }
  const kavosh::Status status = kavosh::eval::run_eval(options, std::cout, std::cerr);
  if (!status.ok()) {
    std::cerr << "kavosh-eval: error: " << status.error().message << "\n";
    return 1;
  }
  return 0;
}
