// kavosh-bench-shards: the same searches on one database and on the same
// articles split into shards, local or served by xapian-tcpsrv
// (tests/bench/bench_shards.sh builds the parts and starts the servers).
// Not a test: prints p50, p90, p99 and queries/s of the full search answer
// (every request as if new: no cache of answers or expansions), one thread,
// top 10, over the Hamshahri dev topics as given and respelled, and how many
// queries give the first configuration's ids in its order.
//
//   kavosh-bench-shards --topics FILE [--rounds N] --config "NAME=DB[,DB...]"...
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench_util.h"
#include "kavosh/search/service.h"

namespace {

struct Config {
  std::string name;
  std::vector<std::string> databases;
};

Config parse_config(const std::string& text) {
  Config c;
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    std::fprintf(stderr, "kavosh-bench-shards: --config '%s': expected NAME=DB[,DB...]\n",
                 text.c_str());
    std::exit(2);
  }
  c.name = text.substr(0, eq);
  std::stringstream dbs(text.substr(eq + 1));
  for (std::string db; std::getline(dbs, db, ',');) {
    if (!db.empty()) c.databases.push_back(db);
  }
  return c;
}

// The ids of `r`'s hits, or the error.
std::string ids_of(const kavosh::Result<kavosh::SearchResponse>& r) {
  if (!r.ok()) return "error: " + r.error().message;
  std::string out;
  for (const kavosh::SearchHit& h : r.value().hits) out += h.id + " ";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string topics;
  std::vector<std::string> config_texts;
  int rounds = 3;
  CLI::App app{"kavosh-bench-shards: one database beside the same articles in shards"};
  app.add_option("--topics", topics, "topics file (qid<TAB>query)")->required();
  app.add_option("--config", config_texts, "NAME=DB[,DB...]: databases served as one")->required();
  app.add_option("--rounds", rounds, "measured passes over the queries");
  CLI11_PARSE(app, argc, argv);
  const std::vector<std::string> queries =
      kavosh::bench::read_queries(topics, "kavosh-bench-shards");

  kavosh::SearchOptions options;
  options.answer_cache_entries = 0;
  options.feedback_cache_entries = 0;
  std::vector<std::string> first_ids;
  kavosh::bench::Figures base;
  std::printf(
      "kavosh-bench-shards: %zu queries (%zu topics as given and respelled), %d rounds, "
      "top 10, one thread, no caches\n\n",
      queries.size(), queries.size() / 2, rounds);
  std::printf("%-46s %8s %8s %8s %9s   %s   %s\n", "milliseconds per search answer", "p50", "p90",
              "p99", "queries/s", "p50 / first", "same ids as first");
  for (std::size_t c = 0; c < config_texts.size(); ++c) {
    const Config config = parse_config(config_texts[c]);
    auto service = kavosh::SearchService::open(config.databases, options);
    if (!service.ok()) {
      std::fprintf(stderr, "kavosh-bench-shards: %s: %s\n", config.name.c_str(),
                   service.error().message.c_str());
      return 1;
    }
    std::size_t same = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      kavosh::SearchRequest r;
      r.query = queries[i];
      r.collapse = false;  // each shard is clustered alone: near-duplicates may differ
      const std::string ids = ids_of(service.value()->search(r));
      if (c == 0) first_ids.push_back(ids);
      if (ids == first_ids[i]) ++same;
    }
    const kavosh::bench::Figures f =
        kavosh::bench::measure(queries.size(), rounds, [&](std::size_t i) {
          kavosh::SearchRequest r;
          r.query = queries[i];
          if (!service.value()->search(r).ok()) {
            std::fprintf(stderr, "kavosh-bench-shards: %s: a search failed\n", config.name.c_str());
            std::exit(1);
          }
        });
    if (c == 0) base = f;
    std::printf("%-46s %8.2f %8.2f %8.2f %9.1f   %10.1fx   %zu of %zu\n", config.name.c_str(),
                f.p50, f.p90, f.p99, f.qps, base.p50 > 0 ? f.p50 / base.p50 : 0.0, same,
                queries.size());
  }
  return 0;
}
