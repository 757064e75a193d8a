// kavosh-bench-suggest: how long autocomplete (GET /api/suggest) takes per
// keystroke on a real database. Not a test; prints median, p99 and max.
//
//   build/bin/kavosh-bench-suggest --db DIR [--prefixes 500]
//
// Prefixes (1 to 6 letters) are cut from title words of the database in a
// fixed pseudo-random order, so runs are comparable. Each is completed twice;
// the second (warm) time is measured, both for complete_last_word() alone and
// for SearchService::suggest() (which also borrows and reopens a database
// handle, as every request does).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/ranking.h"
#include "kavosh/search/service.h"
#include "kavosh/search/suggest.h"

namespace {

using Clock = std::chrono::steady_clock;

void report(const char* what, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  std::printf("%-34s median %7.1f us   p99 %7.1f us   max %7.1f us   (%zu prefixes)\n", what,
              us[us.size() / 2], us[us.size() * 99 / 100], us.back(), us.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  std::size_t count = 500;
  CLI::App app{"kavosh-bench-suggest: autocomplete latency on a Kavosh database"};
  app.add_option("--db", db_path, "database directory built by kavosh-index")->required();
  app.add_option("--prefixes", count, "how many prefixes to complete");
  CLI11_PARSE(app, argc, argv);

  Xapian::Database db(db_path);
  kavosh::Analyzer analyzer;
  std::vector<std::string> words;
  const std::string title(kavosh::schema::kPrefixTitle);
  for (auto it = db.allterms_begin(title); it != db.allterms_end(title); ++it) {
    const std::string word = (*it).substr(title.size());
    if (!word.empty() && !(word[0] >= 'A' && word[0] <= 'Z') && it.get_termfreq() >= 2) {
      words.push_back(word);
    }
  }
  if (words.empty()) {
    std::fprintf(stderr, "kavosh-bench-suggest: no title words in %s\n", db_path.c_str());
    return 1;
  }
  std::mt19937 rng(42);
  std::shuffle(words.begin(), words.end(), rng);
  std::vector<std::string> prefixes;
  for (std::size_t i = 0; prefixes.size() < count; ++i) {
    const std::string& w = words[i % words.size()];
    std::vector<std::size_t> cuts;  // ends of code points
    for (std::size_t b = 1; b <= w.size(); ++b) {
      if (b == w.size() || (static_cast<unsigned char>(w[b]) & 0xC0) != 0x80) cuts.push_back(b);
    }
    prefixes.push_back(w.substr(0, cuts[rng() % std::min<std::size_t>(cuts.size(), 6)]));
  }

  std::vector<double> direct, service_us;
  std::size_t answered = 0;
  for (const std::string& p : prefixes) {
    kavosh::complete_last_word(db, analyzer, p);  // warm
    const auto t0 = Clock::now();
    const auto out = kavosh::complete_last_word(db, analyzer, p);
    direct.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    answered += !out.empty();
  }
  auto service = kavosh::SearchService::open(db_path);
  if (!service.ok()) {
    std::fprintf(stderr, "kavosh-bench-suggest: %s\n", service.error().message.c_str());
    return 1;
  }
  for (const std::string& p : prefixes) {
    service.value()->suggest(p);  // warm
    const auto t0 = Clock::now();
    service.value()->suggest(p);
    service_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::printf("%s: %u documents; %zu of %zu prefixes completed\n", db_path.c_str(),
              db.get_doccount(), answered, prefixes.size());
  report("complete_last_word", direct);
  report("SearchService::suggest", service_us);
  return 0;
}
