// kavosh-index --shard K/N with the real binary: the parts of one input are
// disjoint and together hold every article, each the same whatever the input
// order; a database refuses another part; bad specs are named.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "index_runner.h"
#include "kavosh/index/schema.h"
#include "process_util.h"
#include "test_util.h"

using namespace kavosh::testing;  // NOLINT(google-build-using-namespace): test helpers

namespace {

const std::string kIndex = std::string(KAVOSH_BIN_DIR) + "/kavosh-index";

// Runs kavosh-index --db DB --progress none ARGS; exit status and log.
std::pair<int, std::string> run(const TempDir& dir, const std::string& db,
                                const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kIndex, "--db", db, "--progress", "none"};
  argv.insert(argv.end(), args.begin(), args.end());
  const int status = wait_exit(spawn(argv, dir / "run.log"));
  return {status, read_file(dir / "run.log")};
}

// The API ids a database holds.
std::set<std::string> ids_in(const std::string& db) {
  Xapian::Database d(db);
  std::set<std::string> out;
  for (auto p = d.postlist_begin(""); p != d.postlist_end(""); ++p) {
    out.insert(d.get_document(*p).get_value(kavosh::schema::kSlotApiId));
  }
  return out;
}

}  // namespace

TEST_CASE(
    "archive shards: --shard K/N gives disjoint parts that hold every article, in any input order",
    "[shards]") {
  TempDir dir;
  std::vector<std::string> lines;
  for (int i = 0; i < 60; ++i) {
    lines.push_back("{\"id\":\"" + std::to_string(i) + "\",\"source\":\"پیک\",\"title\":\"خبر " +
                    std::to_string(i) + "\",\"body\":\"متن خبر شماره " + std::to_string(i * 7919) +
                    " از تهران\"}");
  }
  {
    std::ofstream forward(dir / "forward.jsonl"), backward(dir / "backward.jsonl");
    for (const std::string& l : lines) forward << l << "\n";
    for (auto l = lines.rbegin(); l != lines.rend(); ++l) backward << *l << "\n";
  }
  const auto [whole_status, whole_log] = run(dir, dir / "whole", {dir / "forward.jsonl"});
  REQUIRE(whole_status == 0);
  const std::set<std::string> all = ids_in(dir / "whole");
  REQUIRE(all.size() == 60);

  std::set<std::string> seen;
  std::size_t parts_total = 0;
  for (int k = 1; k <= 3; ++k) {
    INFO("shard " << k << "/3");
    const std::string db = dir / ("part" + std::to_string(k));
    const auto [status, log] =
        run(dir, db, {"--shard", std::to_string(k) + "/3", dir / "forward.jsonl"});
    INFO(log);
    REQUIRE(status == 0);
    const std::set<std::string> part = ids_in(db);
    CHECK(part.size() > 5);  // 60 records over 3 parts: none nearly empty
    CHECK(log.find(std::to_string(60 - part.size()) + " records of other shards left out") !=
          std::string::npos);
    for (const std::string& id : part) CHECK(seen.insert(id).second);  // in one part only
    parts_total += part.size();
    CHECK(Xapian::Database(db).get_metadata(std::string(kavosh::schema::kMetaShard)) ==
          std::to_string(k) + "/3");

    // The same part from the records in another order.
    const std::string again = dir / ("again" + std::to_string(k));
    REQUIRE(run(dir, again, {"--shard", std::to_string(k) + "/3", dir / "backward.jsonl"}).first ==
            0);
    CHECK(ids_in(again) == part);
  }
  CHECK(parts_total == 60);
  CHECK(seen == all);
  CHECK(Xapian::Database(dir / "whole")
            .get_metadata(std::string(kavosh::schema::kMetaShard))
            .empty());

  // A database holds one part: another, or the whole archive, is refused
  // (nothing changes); the same part updates it; --rebuild replaces it.
  for (const std::vector<std::string>& other :
       {std::vector<std::string>{"--shard", "2/3"}, std::vector<std::string>{}}) {
    std::vector<std::string> args = other;
    args.push_back(dir / "forward.jsonl");
    const auto [status, log] = run(dir, dir / "part1", args);
    CHECK(status == 1);
    CHECK(log.find("holds shard 1/3, not ") != std::string::npos);
  }
  CHECK(ids_in(dir / "part1").size() + ids_in(dir / "part2").size() +
            ids_in(dir / "part3").size() ==
        60);
  CHECK(run(dir, dir / "part1", {"--shard", "1/3", dir / "backward.jsonl"}).first == 0);
  REQUIRE(run(dir, dir / "part1", {"--rebuild", "--shard", "2/3", dir / "forward.jsonl"}).first ==
          0);
  CHECK(ids_in(dir / "part1") == ids_in(dir / "part2"));
}

TEST_CASE("archive shards: --shard K/N parsed, anything else named", "[shards]") {
  struct Row {
    const char* spec;
    unsigned k, n;  // 0: refused
  };
  const Row rows[] = {{"1/1", 1, 1},    {"2/3", 2, 3},  {"1024/1024", 1024, 1024},
                      {"0/3", 0, 0},    {"4/3", 0, 0},  {"1/0", 0, 0},
                      {"1/1025", 0, 0}, {"1", 0, 0},    {"a/b", 0, 0},
                      {"/3", 0, 0},     {"1/", 0, 0},   {"-1/3", 0, 0},
                      {"1/3/4", 0, 0},  {" 1/3", 0, 0}, {"", 0, 0}};
  for (const Row& r : rows) {
    INFO("'" << r.spec << "'");
    kavosh::IndexOptions options;
    const kavosh::Status s = kavosh::parse_shard_spec(r.spec, options);
    CHECK(s.ok() == (r.k != 0));
    if (s.ok()) {
      CHECK(options.shard == r.k);
      CHECK(options.shard_count == r.n);
    } else {
      CHECK(s.error().message.rfind("--shard '" + std::string(r.spec) + "': expected K/N", 0) == 0);
    }
  }
}
