// Crash safety and exclusive access of kavosh-index, with the real binary:
// killed with SIGKILL at several moments, the database still opens and holds
// whole commits; the same command run again completes the job with no
// duplicates; a second indexer on the same database is refused; no lock file
// nor build folder stays beside the database after a run, and removing the
// lock file never lets two writers in (RunLock, run_lock.h).
#include <xapian.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "process_util.h"
#include "run_lock.h"
#include "test_util.h"

using kavosh::testing::read_file;
using kavosh::testing::spawn;
using kavosh::testing::TempDir;
using kavosh::testing::wait_exit;

namespace {

const std::string kIndex = std::string(KAVOSH_BIN_DIR) + "/kavosh-index";

// Writes `count` synthetic Persian articles (ids from `first`) of about 3 KB
// each as JSON lines; `variant` changes their text.
void write_articles(const std::string& path, int first, int count, const std::string& variant) {
  static const char* const kWords[] = {
      "خبرگزاری",      "مجلس",   "اقتصاد",  "تورم",  "بازار",
      "ورزش",          "فوتبال", "دانشگاه", "پژوهش", "کتاب‌ها",
      "می‌شود", "تهران",  "ایران",   "۱۴۰۴",  "نخست‌وزیر"};
  std::ofstream out(path);
  for (int i = first; i < first + count; ++i) {
    std::string body;
    for (int w = 0; w < 400; ++w) {
      body += kWords[(i * 7 + w * 3) % 15];
      body += (w % 17 == 16) ? ". " : " ";
    }
    nlohmann::json j = {{"id", "a" + std::to_string(i)},
                        {"source", "آزمون"},
                        {"title", "خبر شماره " + std::to_string(i) + " " + variant},
                        {"body", body + variant},
                        {"date", "2025-11-03"}};
    out << j.dump() << "\n";
  }
}

// Documents in the database, and whether every unique term names exactly one document.
struct DbCheck {
  Xapian::doccount documents = 0;
  bool unique_keys = true;
};

DbCheck check_db(const std::string& db_path) {
  DbCheck c;
  // Killed before it created the database: there is nothing to open yet, and
  // nothing was lost (the next run creates it).
  if (!std::filesystem::exists(std::filesystem::path(db_path) / "iamglass")) return c;
  Xapian::Database db(db_path);  // must open, whatever moment the indexer died
  c.documents = db.get_doccount();
  Xapian::doccount keys = 0;
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
    ++keys;
    if (t.get_termfreq() != 1) c.unique_keys = false;
  }
  if (keys != c.documents) c.unique_keys = false;
  return c;
}

// Starts the indexer, kills it with SIGKILL after `delay`; true when it was
// still running then.
bool run_and_kill(const TempDir& dir, const std::vector<std::string>& args,
                  std::chrono::milliseconds delay) {
  pid_t pid = spawn(args, dir / "killed.log");
  std::this_thread::sleep_for(delay);
  const bool running = kill(pid, SIGKILL) == 0;
  wait_exit(pid, std::chrono::seconds(30));
  return running;
}

}  // namespace

TEST_CASE("kill -9 during a new build, then the same command completes", "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 3000, "");
  const std::string db = dir / "db";
  const std::vector<std::string> cmd = {kIndex, "--db", db, "-q", dir / "in.jsonl"};
  for (int delay_ms : {50, 300, 900, 2000}) {
    INFO("killed after " << delay_ms << " ms");
    run_and_kill(dir, cmd, std::chrono::milliseconds(delay_ms));
    DbCheck after_kill;
    try {
      after_kill = check_db(db);
    } catch (const Xapian::Error& e) {
      FAIL("the database does not open after kill -9: " << e.get_description());
    }
    CHECK(after_kill.unique_keys);
    CHECK(after_kill.documents <= 3000);
  }
  pid_t pid = spawn(cmd, dir / "final.log");
  const int rc = wait_exit(pid);
  INFO("the last run's messages: " << read_file(dir / "final.log"));
  REQUIRE(rc == 0);
  const DbCheck done = check_db(db);
  CHECK(done.documents == 3000);
  CHECK(done.unique_keys);
  // What the killed runs left beside the database is gone after the last one.
  CHECK_FALSE(std::filesystem::exists(dir / ".db.kavosh-lock"));
  CHECK_FALSE(std::filesystem::exists(dir / ".db.kavosh-build"));
}

// Killed while Xapian created the database (before its revision file was
// written), an older indexer left files that no later run could open.
TEST_CASE("the remains of a database creation that was killed are cleared", "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 20, "");
  const std::string db = dir / "db";
  std::filesystem::create_directories(db);
  for (const char* name : {"flintlock", "postlist.glass", "termlist.glass"}) {
    std::ofstream(std::filesystem::path(db) / name);
  }
  std::ofstream(std::filesystem::path(db) / "v.tmp") << std::string(77, '\x01');
  pid_t pid = spawn({kIndex, "--db", db, "-q", dir / "in.jsonl"}, dir / "run.log");
  const int rc = wait_exit(pid);
  INFO(read_file(dir / "run.log"));
  REQUIRE(rc == 0);
  CHECK(check_db(db).documents == 20);
}

TEST_CASE("a directory that is not a database is left alone", "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 5, "");
  const std::string db = dir / "notes";
  std::filesystem::create_directories(db);
  std::ofstream(std::filesystem::path(db) / "notes.txt") << "keep me";
  pid_t pid = spawn({kIndex, "--db", db, "-q", dir / "in.jsonl"}, dir / "run.log");
  CHECK(wait_exit(pid) == 1);
  CHECK(read_file(dir / "run.log").find("is not a Xapian database") != std::string::npos);
  CHECK(read_file(std::string(db) + "/notes.txt") == "keep me");
  CHECK_FALSE(std::filesystem::exists(std::filesystem::path(db) / "iamglass"));
}

TEST_CASE("kill -9 during an update in place, then the same command completes", "[safety]") {
  TempDir dir;
  write_articles(dir / "first.jsonl", 0, 1000, "");
  // The update rewrites 500 known articles and adds 2000 new ones.
  write_articles(dir / "update.jsonl", 500, 2500, "نسخه دوم");
  const std::string db = dir / "db";
  pid_t pid = spawn({kIndex, "--db", db, "-q", dir / "first.jsonl"}, dir / "first.log");
  REQUIRE(wait_exit(pid) == 0);
  REQUIRE(check_db(db).documents == 1000);

  const std::vector<std::string> cmd = {
      kIndex, "--db", db, "-q", "--batch-mb", "0.5", dir / "update.jsonl"};
  for (int delay_ms : {100, 400, 1000}) {
    INFO("killed after " << delay_ms << " ms");
    run_and_kill(dir, cmd, std::chrono::milliseconds(delay_ms));
    DbCheck after_kill;
    try {
      after_kill = check_db(db);
    } catch (const Xapian::Error& e) {
      FAIL("the database does not open after kill -9: " << e.get_description());
    }
    CHECK(after_kill.unique_keys);
    CHECK(after_kill.documents >= 1000);
    CHECK(after_kill.documents <= 3000);
  }
  pid = spawn(cmd, dir / "final.log");
  REQUIRE(wait_exit(pid) == 0);
  const DbCheck done = check_db(db);
  CHECK(done.documents == 3000);
  CHECK(done.unique_keys);
  // The rewritten articles carry the new text.
  Xapian::Database xdb(db);
  Xapian::Enquire enquire(xdb);
  enquire.set_query(
      Xapian::Query("Qid\x1f"
                    "ازمون\x1f"
                    "a700"));
  Xapian::MSet m = enquire.get_mset(0, 2);
  REQUIRE(m.size() == 1);
  CHECK(m.begin().get_document().get_data().find("نسخه دوم") != std::string::npos);
}

TEST_CASE("a second indexer on the same database is refused with a clear message", "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 4000, "");
  const std::string db = dir / "db";
  pid_t first = spawn({kIndex, "--db", db, "-q", dir / "in.jsonl"}, dir / "first.log");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  pid_t second = spawn({kIndex, "--db", db, "-q", dir / "in.jsonl"}, dir / "second.log");
  const int second_rc = wait_exit(second, std::chrono::seconds(30));
  const int first_rc = wait_exit(first);
  if (first_rc == 0 && second_rc == 0) {
    WARN("the first indexer finished before the second started; nothing to check");
    return;
  }
  CHECK(first_rc == 0);
  CHECK(second_rc == 1);
  CHECK(read_file(dir / "second.log").find("locked by another writer") != std::string::npos);
  CHECK(check_db(db).documents == 4000);
}

namespace {

// What a run may leave beside database `db` in `dir`: its lock file and its
// hidden build folder (".db.kavosh-lock", ".db.kavosh-build").
std::vector<std::string> leftovers(const TempDir& dir) {
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = e.path().filename().string();
    if (name.rfind(".db.", 0) == 0) found.push_back(name);
  }
  return found;
}

int index_into(const TempDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kIndex, "--db", dir / "db", "-q"};
  argv.insert(argv.end(), args.begin(), args.end());
  return wait_exit(spawn(argv, dir / "run.log"));
}

}  // namespace

TEST_CASE("no lock file nor build folder stays beside the database after a run", "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 30, "");
  write_articles(dir / "more.jsonl", 30, 10, "");
  {
    std::ofstream bad(dir / "bad.jsonl");
    bad << read_file(dir / "more.jsonl") << "{oops\n";
  }
  SECTION("a new build, then an update in place") {
    CHECK(index_into(dir, {dir / "in.jsonl"}) == 0);
    CHECK(leftovers(dir).empty());
    CHECK(index_into(dir, {dir / "more.jsonl"}) == 0);
    CHECK(leftovers(dir).empty());
    CHECK(check_db(dir / "db").documents == 40);
  }
  SECTION("a new build that fails half way (--strict): nothing merged, nothing left") {
    CHECK(index_into(dir, {"--strict", dir / "in.jsonl", dir / "bad.jsonl"}) == 1);
    CHECK(leftovers(dir).empty());
    CHECK(check_db(dir / "db").documents == 0);
  }
  SECTION("a database that cannot be used") {
    std::filesystem::create_directories(dir / "db");
    std::ofstream(dir / "db/notes.txt") << "keep me";
    CHECK(index_into(dir, {dir / "in.jsonl"}) == 1);
    CHECK(leftovers(dir).empty());
  }
  SECTION("what a killed run left is taken and removed") {
    std::ofstream(dir / ".db.kavosh-lock").flush();
    std::filesystem::create_directories(dir / ".db.kavosh-build/shard-0");
    CHECK(index_into(dir, {dir / "in.jsonl"}) == 0);
    CHECK(leftovers(dir).empty());
  }
}

// The holder of the lock removes its file as it ends; a run that opened the
// file just before must not then hold a lock on a file no longer at the path
// while a third one creates and locks a new file there.
TEST_CASE("the lock keeps one holder at a time while holders remove its file", "[safety]") {
  TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  std::atomic<int> holders{0}, most{0};
  std::atomic<long> taken{0}, refused{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        kavosh::Result<kavosh::RunLock> lock = kavosh::RunLock::acquire(db);
        if (!lock.ok()) {
          ++refused;
          continue;
        }
        const int now = ++holders;
        for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::yield();
        --holders;
        ++taken;
      }  // the lock ends here: its file removed, then released
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop = true;
  for (std::thread& t : threads) t.join();
  INFO(taken.load() << " taken, " << refused.load() << " refused");
  CHECK(most.load() == 1);
  CHECK(taken.load() > 100);
  CHECK(refused.load() > 0);
  CHECK_FALSE(std::filesystem::exists(kavosh::RunLock::file_for(db)));
}

TEST_CASE("indexers started together write one at a time; no lock file stays", "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 200, "");
  std::vector<pid_t> pids;
  for (int i = 0; i < 4; ++i) {
    pids.push_back(spawn({kIndex, "--db", dir / "db", "-q", dir / "in.jsonl"},
                         dir / ("run" + std::to_string(i) + ".log")));
  }
  int done = 0;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    const int rc = wait_exit(pids[i]);
    const std::string log = read_file(dir / ("run" + std::to_string(i) + ".log"));
    INFO("indexer " << i << ": " << log);
    CHECK((rc == 0 || rc == 1));
    if (rc == 1) CHECK(log.find("locked by another writer") != std::string::npos);
    if (rc == 0) ++done;
  }
  CHECK(done >= 1);
  const DbCheck db = check_db(dir / "db");
  CHECK(db.documents == 200);
  CHECK(db.unique_keys);
  CHECK(leftovers(dir).empty());
}

TEST_CASE("SIGINT or SIGTERM stops a run cleanly, leaving nothing beside the database",
          "[safety]") {
  TempDir dir;
  write_articles(dir / "in.jsonl", 0, 3000, "");
  const std::string db = dir / "db";
  // Starts `args`, sends `signal` after `delay`; the exit status, or 0 when it ended first.
  const auto stopped = [&](const std::vector<std::string>& args, int signal, int delay_ms) {
    std::vector<std::string> argv = {kIndex, "--db", db, "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(argv, dir / "run.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, signal);
    return wait_exit(pid);
  };
  SECTION("SIGINT during a new build: nothing of it is merged") {
    const int rc = stopped({dir / "in.jsonl"}, SIGINT, 400);
    if (rc == 0) {
      WARN("the indexer finished before the signal; nothing to check");
      return;
    }
    INFO(read_file(dir / "run.log"));
    CHECK(rc == 130);
    CHECK(read_file(dir / "run.log").find("SIGINT: stopped before the end") != std::string::npos);
    CHECK(check_db(db).documents == 0);
    CHECK(leftovers(dir).empty());
  }
  SECTION("SIGTERM during an update in place: what was committed is kept") {
    write_articles(dir / "first.jsonl", 5000, 100, "");
    REQUIRE(index_into(dir, {dir / "first.jsonl"}) == 0);
    const int rc = stopped({"--batch-mb", "0.5", dir / "in.jsonl"}, SIGTERM, 600);
    if (rc == 0) {
      WARN("the indexer finished before the signal; nothing to check");
      return;
    }
    INFO(read_file(dir / "run.log"));
    CHECK(rc == 143);
    const DbCheck after = check_db(db);
    CHECK(after.documents >= 100);  // what was read before the signal is committed
    CHECK(after.documents <= 3100);
    CHECK(after.unique_keys);
    CHECK(leftovers(dir).empty());
    CHECK(index_into(dir, {dir / "in.jsonl"}) == 0);
    CHECK(check_db(db).documents == 3100);
  }
}
