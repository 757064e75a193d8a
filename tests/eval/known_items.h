// Known-item queries (tests/eval/known_items/): a reader looks for one article
// they half remember. Each query is ranked through the search service, as the
// API answers it, in three spellings; MRR and success@10 say how soon the
// article comes.
#pragma once

#include <xapian.h>

#include <array>
#include <filesystem>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "kavosh/search/service.h"
#include "kavosh/util/status.h"

namespace kavosh::eval {

struct KnownItem {
  std::string id;      // K001, ...
  std::string kind;    // headline, reworded, names-numbers, date, lead-phrase
  std::string corpus;  // where the article comes from
  std::string url;     // the answer: the article's URL
  std::string query;   // as a reader types it: Persian letters, ZWNJ kept
};

// "qid<TAB>kind<TAB>corpus<TAB>url<TAB>query" lines; '#' lines and blank lines
// are skipped. Fails, as "name:line: ...", on a line with another number of
// fields, an empty field or a repeated id.
Result<std::vector<KnownItem>> parse_known_items(std::istream& in, const std::string& name);
Result<std::vector<KnownItem>> read_known_items(const std::filesystem::path& path);

// The three spellings real dumps mix: ZWNJ kept (the query as written),
// stripped, and a space.
enum class Spelling { kStandard = 0, kStripped = 1, kSpaced = 2 };
inline constexpr std::array<Spelling, 3> kSpellings = {Spelling::kStandard, Spelling::kStripped,
                                                       Spelling::kSpaced};
const char* spelling_name(Spelling s);
std::string spelled(const std::string& query, Spelling s);

struct KnownItemScores {
  std::size_t queries = 0;
  std::array<double, 3> mrr{};                // per Spelling: mean 1/rank in the top 10 (0 beyond)
  std::array<double, 3> success10{};          // per Spelling: share found in the top 10
  std::map<std::string, double> mrr_by_kind;  // mean over the three spellings
  // "id spelling rank query" of the queries whose article is not first.
  std::vector<std::string> misses;
};

// Ranks every item in every spelling with `service` (relevance, collapsing
// on, top 10, as the API answers). A hit finds the article when it is the
// article, or lists it among its near-duplicates (SearchHit::similar): the
// page shows it there. `db` is the service's database, read once to map
// URLs to API ids.
Result<KnownItemScores> score_known_items(SearchService& service, const Xapian::Database& db,
                                          const std::vector<KnownItem>& items);

}  // namespace kavosh::eval
