// kavosh-index: command line front end of run_index().
#include <CLI/CLI.hpp>
#include <iostream>

#include "index_runner.h"

int main(int argc, char** argv) {
  kavosh::IndexOptions options;
  CLI::App app{"kavosh-index: index Persian news articles (JSON lines) into a Kavosh database"};
  app.add_option("--db", options.db_path, "database directory (created when missing)")->required();
  app.add_option("inputs", options.inputs,
                 "JSON lines files, one article per line (id, url, title, body, date, source, "
                 "category, tags); '-' reads standard input")
      ->required();
  app.add_flag("--strict", options.strict, "stop at the first bad record instead of skipping it");
  app.add_flag("-q,--quiet", options.quiet, "print only the summary");
  app.add_option("--batch", options.batch_size, "documents per commit")
      ->check(CLI::Range(1, 1000000));
  app.footer(
      "Exit status: 0 when every record was indexed, 3 when some records were skipped "
      "(each is reported as file:line), 1 on a fatal error.");
  CLI11_PARSE(app, argc, argv);

  kavosh::Result<kavosh::IndexSummary> result = kavosh::run_index(options, std::cerr);
  if (!result.ok()) {
    std::cerr << "kavosh-index: error: " << result.error().message << "\n";
    return 1;
  }
  std::cerr << "kavosh-index: " << result.value().describe() << "\n";
  return result.value().skipped_total() > 0 ? 3 : 0;
}
