// Inputs that cannot be read, with the real kavosh-index: a truncated or
// corrupt gzip, a missing path, a path through a file, a folder where a file
// was expected cost only themselves (named with the place reached, listed in
// the summary, exit status 4), never the records of the other inputs; an
// encoding guessed is said with the file's name.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "encode_util.h"
#include "gzip_util.h"
#include "process_util.h"
#include "test_util.h"

using namespace kavosh::testing;  // NOLINT(google-build-using-namespace): test helpers

namespace {

namespace fs = std::filesystem;

const std::string kIndex = std::string(KAVOSH_BIN_DIR) + "/kavosh-index";

struct Run {
  int status;
  std::string log;
};

// Runs kavosh-index --db DIR/db --progress none ARGS.
Run run(const TempDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kIndex, "--db", dir / "db", "--progress", "none"};
  argv.insert(argv.end(), args.begin(), args.end());
  const int status = wait_exit(spawn(argv, dir / "run.log"));
  return {status, read_file(dir / "run.log")};
}

// `count` JSON lines records with ids from `first`.
std::string records(int first, int count) {
  std::string out;
  for (int i = first; i < first + count; ++i) {
    out += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"خبر " + std::to_string(i) +
           "\",\"body\":\"متن خبر شماره " + std::to_string(i * 7919) + " از تهران\"}\n";
  }
  return out;
}

std::string write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  std::ofstream(dir / name, std::ios::binary) << bytes;
  return dir / name;
}

Xapian::doccount documents(const TempDir& dir) {
  return Xapian::Database(dir / "db").get_doccount();
}

bool has(const std::string& log, const std::string& what) {
  return log.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("an input that cannot be read costs only itself", "[ingest]") {
  TempDir dir;
  const std::string a = write(dir, "a.jsonl", records(0, 5));
  const std::string packed = gzip(records(100, 3000));
  const std::string cut = write(dir, "cut.jsonl.gz", packed.substr(0, packed.size() / 2));
  const std::string b = write(dir, "b.jsonl", records(10000, 4));
  const std::string through_file = a + "/inside.jsonl";  // unreadable even as root
  const std::string missing = dir / "missing.jsonl";
  const Run r = run(dir, {a, through_file, cut, missing, b});
  INFO(r.log);
  CHECK(r.status == 4);
  CHECK(has(r.log, "cannot open input '" + through_file + "': Not a directory; input skipped"));
  CHECK(has(r.log, "cannot open input '" + missing + "': No such file or directory"));
  // The truncated file: the line reached, and every record before it indexed.
  const std::size_t at = r.log.find(cut + ":");
  REQUIRE(at != std::string::npos);
  const int line = std::stoi(r.log.substr(at + cut.size() + 1));
  CHECK(has(r.log, cut + ":" + std::to_string(line) +
                       ": truncated gzip stream (the file ends early); the rest of this input is "
                       "skipped"));
  CHECK(line > 1);
  CHECK(documents(dir) == static_cast<Xapian::doccount>(5 + 4 + line - 1));
  CHECK(has(r.log, "3 inputs skipped"));
  CHECK(has(r.log, "\n  input skipped: " + cut + ":" + std::to_string(line) + ": truncated"));
  CHECK(has(r.log, "\n  input skipped: cannot open input '" + missing));
}

TEST_CASE("a corrupt gzip and a folder where a file was expected are skipped", "[ingest]") {
  TempDir dir;
  const std::string a = write(dir, "a.jsonl", records(0, 3));
  std::string packed = gzip(records(100, 50));
  for (std::size_t i = packed.size() / 2; i < packed.size() - 8; ++i) packed[i] = ~packed[i];
  const std::string corrupt = write(dir, "corrupt.jsonl.gz", packed);
  fs::create_directories(dir / "folder.jsonl");
  const Run r = run(dir, {"--format", "jsonl", a, corrupt, dir / "folder.jsonl"});
  INFO(r.log);
  CHECK(r.status == 4);
  // Where it broke: the records inflated before the damage are read (the
  // damaged ones may be skipped as bad records).
  const std::size_t at = r.log.find(corrupt + ":");
  REQUIRE(at != std::string::npos);
  const int line = std::stoi(r.log.substr(at + corrupt.size() + 1));
  CHECK(has(r.log, corrupt + ":" + std::to_string(line) + ": corrupt gzip data"));
  CHECK(line > 1);
  CHECK(has(r.log, "'" + dir / "folder.jsonl" + "' is a folder: only --format text reads folders"));
  CHECK(documents(dir) > 3);
}

TEST_CASE("exit status: 4 for a skipped input before 3 for a skipped record", "[ingest]") {
  TempDir dir;
  const std::string bad = write(dir, "bad.jsonl", records(0, 2) + "{oops\n");
  CHECK(run(dir, {bad}).status == 3);
  CHECK(run(dir, {bad, dir / "missing.jsonl"}).status == 4);
  CHECK(run(dir, {write(dir, "good.jsonl", records(0, 2))}).status == 0);
}

TEST_CASE("no input can be read, or --strict: a fatal error, nothing written", "[ingest]") {
  TempDir dir;
  const Run none = run(dir, {dir / "missing.jsonl", dir / "also-missing.csv"});
  CHECK(none.status == 1);
  CHECK(has(none.log, "missing.jsonl"));
  CHECK(has(none.log, "also-missing.csv"));
  CHECK(has(none.log, "nothing to index"));
  CHECK_FALSE(fs::exists(dir / "db"));
  CHECK_FALSE(fs::exists(dir / ".db.kavosh-lock"));

  const std::string a = write(dir, "a.jsonl", records(0, 3));
  const Run strict = run(dir, {"--strict", a, dir / "missing.jsonl"});
  CHECK(strict.status == 1);
  CHECK(has(strict.log, "missing.jsonl"));
  CHECK_FALSE(fs::exists(dir / "db"));
}

TEST_CASE("an encoding guessed is said with the file's name; --encoding hints", "[ingest]") {
  TempDir dir;
  const std::string text = records(0, 3);
  const std::string cp1256 = write(dir, "old.jsonl", encode(text, "windows-1256"));
  const std::string le = write(dir, "le.jsonl", encode(text, "UTF-16LE", true));
  const Run r = run(dir, {cp1256, le});
  INFO(r.log);
  CHECK(r.status == 0);
  CHECK(has(r.log, cp1256 + ": not UTF-8: read as Windows-1256"));
  CHECK(has(r.log, "--encoding windows-1256 says so"));
  CHECK_FALSE(has(r.log, le + ":"));  // its byte order mark says it all
  CHECK(documents(dir) == 3);

  const Run forced = run(dir, {"--encoding", "utf-8", cp1256});
  INFO(forced.log);
  CHECK(forced.status == 3);
  CHECK(has(forced.log, cp1256 + ":1: invalid UTF-8"));
  CHECK(has(forced.log, cp1256 + ": read as UTF-8 as --encoding asks, but it looks like "
                                 "Windows-1256"));
  CHECK(has(forced.log, "--encoding windows-1256 reads it"));

  const Run bad = run(dir, {"--encoding", "latin1", cp1256});
  CHECK(bad.status == 1);
  CHECK(has(bad.log, "--encoding 'latin1': not an encoding"));
}
