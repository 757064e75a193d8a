// kavosh-bench-query: query latency of Kavosh beside plain Xapian on the same
// documents (tests/bench/bench_query.sh builds both databases and runs this).
// Not a test: prints p50, p90, p99 and queries/s of each path, one thread,
// top 10, over the Hamshahri dev topics as given and respelled.
//
//   kavosh-bench-query --kavosh-db DIR --xapian-db DIR --topics FILE [--rounds N]
//                      [--url http://127.0.0.1:PORT] [--print-paths]
//
// Paths measured, each over every query in every round after one warm-up pass:
//   - plain Xapian: QueryParser (no stemmer, as kavosh-bench-baseline indexed
//     with TermGenerator), BM25, the top 10 (no stored record read, no snippet);
//   - Kavosh ranking alone: parse_query + run_query as the API calls it;
//   - the API answer in process: SearchService::search and its JSON, every
//     query as if new (no cache), asked again with its feedback expansion
//     cached, and the same request again with its whole answer cached;
//   - the same with facets, a date sort, no collapsing, no feedback, and the
//     snippets of the 10 hits alone (make_hit), each as its own row;
//   - over HTTP with a keep-alive client (with --url): the JSON as a client gets it.
#include <httplib.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "api_json.h"
#include "bench_util.h"
#include "kavosh/index/compatibility.h"
#include "kavosh/search/hits.h"
#include "kavosh/search/query.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"

namespace {

using kavosh::bench::Figures;
using kavosh::bench::measure;
using kavosh::bench::row;

std::vector<std::string> read_queries(const std::string& topics) {
  return kavosh::bench::read_queries(topics, "kavosh-bench-query");
}

kavosh::SearchResponse search_or_die(kavosh::SearchService& s, const kavosh::SearchRequest& r) {
  kavosh::Result<kavosh::SearchResponse> res = s.search(r);
  if (!res.ok()) {
    std::fprintf(stderr, "kavosh-bench-query: %s\n", res.error().message.c_str());
    std::exit(1);
  }
  return std::move(res).value();
}

}  // namespace

int main(int argc, char** argv) {
  std::string kavosh_db, xapian_db, topics, url;
  int rounds = 3;
  CLI::App app{"kavosh-bench-query: query latency of Kavosh beside plain Xapian"};
  app.add_option("--kavosh-db", kavosh_db, "database built by kavosh-index")->required();
  app.add_option("--xapian-db", xapian_db, "the same documents by kavosh-bench-baseline")
      ->required();
  app.add_option("--topics", topics, "topics file (qid<TAB>query)")->required();
  app.add_option("--rounds", rounds, "measured passes over the queries");
  app.add_option("--url", url, "a kavosh-server serving --kavosh-db, e.g. http://127.0.0.1:8080");
  Xapian::doccount exact_up_to = kavosh::kExactTotalUpTo;
  app.add_option("--exact-up-to", exact_up_to,
                 "matches examined at least per search (SearchOptions::exact_total_up_to)");
  Xapian::doccount rescore_depth = kavosh::kRescoreDepth;
  app.add_option("--rescore-depth", rescore_depth,
                 "matches the second pass re-ranks (SearchOptions::rescore_depth; 0: one pass)");
  bool print_paths = false;
  app.add_flag("--print-paths", print_paths,
               "only print the /api/search path of every query (for a load generator)");
  CLI11_PARSE(app, argc, argv);
  const std::vector<std::string> queries = read_queries(topics);
  const std::size_t n = queries.size();
  if (print_paths) {
    for (const std::string& q : queries) {
      std::printf("/api/search?q=%s\n", httplib::detail::encode_query_param(q).c_str());
    }
    return 0;
  }

  Xapian::Database plain(xapian_db);
  Xapian::QueryParser parser;
  parser.set_database(plain);
  Xapian::Enquire plain_enquire(plain);
  const Figures xapian = measure(n, rounds, [&](std::size_t i) {
    plain_enquire.set_query(parser.parse_query(queries[i]));
    (void)plain_enquire.get_mset(0, 10).size();
  });

  // Every query as if asked for the first time (no feedback cache), and asked again.
  kavosh::SearchOptions options;
  options.exact_total_up_to = exact_up_to;
  options.rescore_depth = rescore_depth;
  options.answer_cache_entries = 0;
  kavosh::SearchOptions cached_options = options;  // expansions kept, answers not
  options.feedback_cache_entries = 0;
  kavosh::SearchOptions answers_options = cached_options;
  answers_options.answer_cache_entries = kavosh::kAnswerCacheEntries;
  auto answers = kavosh::SearchService::open(kavosh_db, answers_options);
  auto service = kavosh::SearchService::open(kavosh_db, options);
  auto cached = kavosh::SearchService::open(kavosh_db, cached_options);
  kavosh::SearchOptions no_feedback_options = options;
  no_feedback_options.ranking.feedback_docs = 0;
  auto no_feedback = kavosh::SearchService::open(kavosh_db, no_feedback_options);
  kavosh::SearchOptions one_pass_options = options;
  one_pass_options.rescore_depth = 0;
  auto one_pass = kavosh::SearchService::open(kavosh_db, one_pass_options);
  // The ranking before the known-item features: no proximity, number pairs
  // or compound heads, blind feedback for every query, BM25 k1 1.2.
  kavosh::SearchOptions earlier_options = options;
  earlier_options.ranking.k1 = 1.2;
  earlier_options.ranking.query.compound_head_weight = 0;
  earlier_options.ranking.proximity_weight = 0;
  earlier_options.ranking.number_pair_weight = 0;
  earlier_options.ranking.feedback_skip_gap = 0;
  earlier_options.ranking.feedback_skip_numbers = false;
  auto earlier = kavosh::SearchService::open(kavosh_db, earlier_options);
  kavosh::SearchOptions no_proximity_options = options;
  no_proximity_options.ranking.proximity_weight = 0;
  auto no_proximity = kavosh::SearchService::open(kavosh_db, no_proximity_options);
  kavosh::SearchOptions no_heads_options = options;
  no_heads_options.ranking.query.compound_head_weight = 0;
  auto no_heads = kavosh::SearchService::open(kavosh_db, no_heads_options);
  kavosh::SearchOptions k1_options = options;
  k1_options.ranking.k1 = 1.2;
  auto k1_12 = kavosh::SearchService::open(kavosh_db, k1_options);
  if (!service.ok() || !no_feedback.ok() || !cached.ok() || !one_pass.ok() || !answers.ok() ||
      !earlier.ok() || !no_proximity.ok() || !no_heads.ok() || !k1_12.ok()) {
    std::fprintf(stderr, "kavosh-bench-query: cannot open %s\n", kavosh_db.c_str());
    return 1;
  }
  Xapian::Database db(kavosh_db);
  kavosh::Analyzer analyzer(kavosh::database_analyzer(db, kavosh_db).value());
  kavosh::MatchOptions match;
  match.query_matches_only = true;
  match.collapse = true;
  match.check_at_least = exact_up_to;
  match.rescore_depth = rescore_depth;
  const Figures ranking = measure(n, rounds, [&](std::size_t i) {
    const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, queries[i], &db);
    (void)kavosh::run_query(db, parsed, 0, 10, {}, match).size();
  });

  auto api = [&](kavosh::SearchService& s, auto&& adjust) {
    return measure(n, rounds, [&](std::size_t i) {
      kavosh::SearchRequest r;
      r.query = queries[i];
      adjust(r);
      (void)kavosh::to_json(search_or_die(s, r)).dump().size();
    });
  };
  const Figures full = api(*service.value(), [](kavosh::SearchRequest&) {});
  const Figures again = api(*cached.value(), [](kavosh::SearchRequest&) {});
  const Figures answered = api(*answers.value(), [](kavosh::SearchRequest&) {});
  const Figures facets = api(*service.value(), [](kavosh::SearchRequest& r) {
    r.facets = {kavosh::Facet::kSource, kavosh::Facet::kMonth};
  });
  const Figures newest =
      api(*service.value(), [](kavosh::SearchRequest& r) { r.sort = kavosh::SortOrder::kNewest; });
  const Figures uncollapsed =
      api(*service.value(), [](kavosh::SearchRequest& r) { r.collapse = false; });
  const Figures without_feedback = api(*no_feedback.value(), [](kavosh::SearchRequest&) {});
  const Figures in_one_pass = api(*one_pass.value(), [](kavosh::SearchRequest&) {});
  const Figures without_proximity = api(*no_proximity.value(), [](kavosh::SearchRequest&) {});
  const Figures before_known_items = api(*earlier.value(), [](kavosh::SearchRequest&) {});
  const Figures without_heads = api(*no_heads.value(), [](kavosh::SearchRequest&) {});
  const Figures with_k1_12 = api(*k1_12.value(), [](kavosh::SearchRequest&) {});

  // The snippets of the hits alone: make_hit for each of the top 10 articles.
  std::vector<std::vector<Xapian::docid>> top(n);
  for (std::size_t i = 0; i < n; ++i) {
    const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, queries[i], &db);
    const Xapian::MSet m = kavosh::run_query(db, parsed, 0, 10, {}, match);
    for (auto it = m.begin(); it != m.end(); ++it) top[i].push_back(*it);
  }
  const Figures snippets = measure(n, rounds, [&](std::size_t i) {
    const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, queries[i], &db);
    const kavosh::Highlighter h(
        kavosh::HighlightTerms{parsed.highlight, parsed.exact, parsed.highlight_phrases});
    std::optional<kavosh::WantedWords> wanted;
    for (Xapian::docid id : top[i]) {
      const Xapian::Document doc = db.get_document(id);
      const kavosh::Article a = kavosh::article_from_data(doc.get_data()).value();
      (void)kavosh::make_hit(a, analyzer, h, {}, kavosh::FastSnippets{&db, id, &doc, &wanted});
    }
  });

  std::printf(
      "kavosh-bench-query: %zu queries (%zu topics as given and respelled), %d rounds, "
      "top 10, one thread; %u documents; matches examined at least: %u\n\n",
      n, n / 2, rounds, db.get_doccount(), exact_up_to);
  std::printf("%-46s %8s %8s %8s %9s   %s\n", "milliseconds per query", "p50", "p90", "p99",
              "queries/s", "p50 / Xapian");
  row("plain Xapian (QueryParser, BM25, no snippets)", xapian, nullptr);
  row("Kavosh ranking alone (parse_query + run_query)", ranking, &xapian);
  row("Kavosh API answer in process (JSON)", full, &xapian);
  row("  the same query asked again (feedback cached)", again, &xapian);
  row("  the same request again (answer cached)", answered, &xapian);
  row("  with facets=source,month", facets, &xapian);
  row("  with sort=newest", newest, &xapian);
  row("  with collapse=0", uncollapsed, &xapian);
  row("  without blind feedback", without_feedback, &xapian);
  row("  ranked in one pass (--rescore-depth 0)", in_one_pass, &xapian);
  row("  without proximity", without_proximity, &xapian);
  row("  without compound heads", without_heads, &xapian);
  row("  with BM25 k1 1.2 (the API's: 1.6)", with_k1_12, &xapian);
  row("  the ranking before issue 14", before_known_items, &xapian);
  row("  snippets of the 10 hits alone (make_hit)", snippets, &xapian);

  if (!url.empty()) {
    httplib::Client client(url);
    client.set_keep_alive(true);
    const Figures http = measure(n, rounds, [&](std::size_t i) {
      auto res = client.Get("/api/search", httplib::Params{{"q", queries[i]}}, httplib::Headers{});
      if (!res || res->status != 200) {
        std::fprintf(stderr, "kavosh-bench-query: HTTP request failed\n");
        std::exit(1);
      }
    });
    row("Kavosh /api/search over HTTP (keep-alive)", http, &xapian);
  }
  return 0;
}
