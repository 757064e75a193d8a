// kavosh-index: command line front end of run_index().
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <iostream>

#include "index_runner.h"

namespace {

// The signal (SIGINT, SIGTERM) that asked the run to stop, or 0.
std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

extern "C" void on_stop_signal(int signal) { g_stop.store(signal); }

// The first SIGINT or SIGTERM asks the run to stop cleanly (IndexOptions::stop);
// a second one ends the process at once (SA_RESETHAND).
void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  kavosh::IndexOptions options;
  std::string format = "auto";
  std::vector<std::string> fields;
  double batch_mb = 0;  // 0: the writers' defaults

  CLI::App app{"kavosh-index: index Persian news dumps into a Kavosh database"};
  app.add_option("--db", options.db_path, "database directory (created when missing)")->required();
  app.add_option("inputs", options.inputs,
                 "files or folders to index: JSON lines, JSON arrays, CSV, TSV, folders of text "
                 "files, plain-text dumps, any of them .gz; '-' reads standard input")
      ->required();
  app.add_option("--format", format,
                 "input format: auto (from the extension and the content), jsonl, json, csv, tsv, "
                 "text, dump")
      ->capture_default_str();
  std::string encoding = "auto";
  app.add_option("--encoding", encoding,
                 "input encoding: auto (UTF-8, or UTF-16 and Windows-1256 recognised and "
                 "converted, with a note), utf-8, utf-16le, utf-16be, windows-1256")
      ->capture_default_str();
  app.add_option("--field", fields,
                 "where a field is found, as NAME=KEY (e.g. body=paragraphs, id=news_id); NAME is "
                 "id, url, title, body, date, source, category, tags or abstract");
  app.add_option("-j,--jobs", options.jobs,
                 "parallel shards when building a new database (default: number of cores)")
      ->check(CLI::Range(1, 64));
  app.add_option("--batch-mb", batch_mb,
                 "article text (MB) per commit and writer (default: 0.5 for the shards of a new "
                 "database, 1 when updating in place)")
      ->check(CLI::Range(0.1, 4096.0));
  std::string shard;
  app.add_option("--shard", shard,
                 "index only part K of N of the records (by their identity: source and id, else "
                 "URL), as K/N: the same dumps split over N databases; a database refuses "
                 "another part");
  app.add_flag("--rebuild", options.rebuild,
               "build a new database of the inputs alone and swap it in for --db in one step "
               "(servers reading it go on answering throughout); also after an upgrade that "
               "needs a re-index");
  app.add_flag("--strict", options.strict,
               "stop at the first bad record or input that cannot be read, instead of skipping "
               "it");
  app.add_flag("-q,--quiet", options.quiet, "print only the summary");
  std::string progress = "auto";
  app.add_option("--progress", progress,
                 "progress display: auto (a redrawn line on a terminal, else a line every 10 s), "
                 "bar, lines, none")
      ->check(CLI::IsMember({"auto", "bar", "lines", "none"}))
      ->capture_default_str();
  app.footer(
      "A bad record is reported as file:line with the reason, skipped and counted. An input that "
      "cannot be read (missing, no permission, a truncated or corrupt gzip, a read error) is "
      "reported with the place reached and skipped from there; the other inputs are indexed. "
      "Exit status: 0 when every record of every input was indexed, 3 when some records were "
      "skipped, 4 when an input was skipped in whole or in part (whatever else was skipped), 1 "
      "on a fatal error (no input can be read, a database locked by another writer or built by "
      "another analyzer version, --strict), 130 or 143 when stopped by SIGINT (Ctrl-C) or "
      "SIGTERM: nothing of a new build is merged, an update in place commits what it read, "
      "and nothing is left beside the database (a second signal ends it at once).");
  CLI11_PARSE(app, argc, argv);

  auto fail = [](const std::string& message) {
    std::cerr << "kavosh-index: error: " << message << "\n";
    return 1;
  };
  kavosh::Result<kavosh::ingest::Format> parsed = kavosh::ingest::parse_format(format);
  if (!parsed.ok()) return fail("--format: " + parsed.error().message);
  options.format = parsed.value();
  kavosh::Result<kavosh::ingest::Encoding> chosen = kavosh::ingest::parse_encoding(encoding);
  if (!chosen.ok()) return fail(chosen.error().message);
  options.encoding = chosen.value();
  for (const std::string& spec : fields) {
    kavosh::Status s = kavosh::ingest::add_field_override(options.fields, spec);
    if (!s.ok()) return fail(s.error().message);
  }
  options.batch_bytes = static_cast<std::size_t>(batch_mb * (1 << 20));
  if (!shard.empty()) {
    if (kavosh::Status s = kavosh::parse_shard_spec(shard, options); !s.ok()) {
      return fail(s.error().message);
    }
  }
  using Mode = kavosh::ProgressReporter::Mode;
  options.progress = progress == "bar"     ? Mode::kTerminal
                     : progress == "lines" ? Mode::kLines
                     : progress == "none"  ? Mode::kQuiet
                                           : Mode::kAuto;

  options.stop = &g_stop;
  catch_stop_signals();
  kavosh::Result<kavosh::IndexSummary> result = kavosh::run_index(options, std::cerr);
  if (!result.ok() && g_stop.load() != 0) {
    std::cerr << "kavosh-index: " << (g_stop.load() == SIGINT ? "SIGINT" : "SIGTERM") << ": "
              << result.error().message << "\n";
    return 128 + g_stop.load();
  }
  if (!result.ok()) return fail(result.error().message);
  const kavosh::IndexSummary& summary = result.value();
  std::cerr << "kavosh-index: " << summary.describe() << "\n";
  if (!summary.skipped_inputs.empty()) return 4;
  return summary.skipped_total() > 0 ? 3 : 0;
}
