#include "index_runner.h"

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/article.h"
#include "kavosh/index_writer.h"

namespace kavosh {

namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] ": keep the rest.
std::string json_error_text(const std::string& what) {
  std::size_t close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

class Writer {
 public:
  Writer(const IndexOptions& options, std::ostream& log, std::unique_ptr<IndexWriter> db)
      : options_(options), log_(log), db_(std::move(db)) {}

  // Indexes one file; returns a fatal error, or records per-record problems in summary.
  Status index_stream(std::istream& in, const std::string& name, IndexSummary& summary) {
    std::string line;
    std::uint64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      summary.bytes += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      ++summary.records;
      const std::string place = name + ":" + std::to_string(line_no);
      if (Status s = index_record(line, place, summary); !s.ok()) return s;
    }
    if (in.bad()) return Error::internal(name + ": read error");
    return {};
  }

  Status commit() { return db_->commit(); }

 private:
  Status skip(const std::string& place, const std::string& reason, const std::string& detail,
              IndexSummary& summary) {
    ++summary.skipped[reason];
    const std::string message = place + ": " + detail + " (record skipped)";
    if (options_.strict) return Error::bad_request(message);
    if (!options_.quiet) log_ << message << "\n";
    return {};
  }

  Status index_record(const std::string& line, const std::string& place, IndexSummary& summary) {
    nlohmann::json record;
    try {
      record = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      const bool utf8 = e.id == 101 && std::string(e.what()).find("UTF-8") != std::string::npos;
      return skip(place, utf8 ? "invalid UTF-8" : "invalid JSON",
                  (utf8 ? "invalid UTF-8: " : "invalid JSON: ") + json_error_text(e.what()),
                  summary);
    }
    ArticleWarnings warnings;
    Result<Article> article = article_from_json(record, &warnings);
    if (!article.ok()) {
      const bool no_body = article.error().message.find("'body'") != std::string::npos &&
                           article.error().message.find("missing") != std::string::npos;
      return skip(place, no_body ? "no body" : "bad field", article.error().message, summary);
    }
    for (const std::string& w : warnings.messages) {
      ++summary.warnings;
      if (!options_.quiet) log_ << place << ": warning: " << w << "\n";
    }
    Result<bool> replaced = db_->add(article.value());
    if (!replaced.ok()) return replaced.error();
    ++(replaced.value() ? summary.replaced : summary.added);
    return {};
  }

  const IndexOptions& options_;
  std::ostream& log_;
  std::unique_ptr<IndexWriter> db_;
};

}  // namespace

std::uint64_t IndexSummary::skipped_total() const {
  std::uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

std::string IndexSummary::describe() const {
  char buf[256];
  const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  const double secs = seconds > 0 ? seconds : 1e-9;
  std::snprintf(buf, sizeof buf,
                "read %llu records: %llu added, %llu replaced, %llu skipped, %llu warnings; "
                "%.2f MB in %.2f s (%.0f records/s, %.2f MB/s)",
                static_cast<unsigned long long>(records), static_cast<unsigned long long>(added),
                static_cast<unsigned long long>(replaced),
                static_cast<unsigned long long>(skipped_total()),
                static_cast<unsigned long long>(warnings), mb, seconds,
                static_cast<double>(records) / secs, mb / secs);
  std::string out = buf;
  for (const auto& [reason, count] : skipped) {
    out += "\n  skipped (" + reason + "): " + std::to_string(count);
  }
  return out;
}

Result<IndexSummary> run_index(const IndexOptions& options, std::ostream& log) {
  const auto started = std::chrono::steady_clock::now();
  IndexSummary summary;
  auto finish = [&] {
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  // Check every input before touching the database.
  for (const std::string& input : options.inputs) {
    if (input == "-") continue;
    std::ifstream probe(input);
    if (!probe) return Error::not_found("cannot open input '" + input + "'");
  }
  Result<std::unique_ptr<IndexWriter>> db =
      IndexWriter::open(options.db_path, AnalyzerOptions{}, options.batch_size);
  if (!db.ok()) return db.error();
  Writer writer(options, log, std::move(db).value());
  for (const std::string& input : options.inputs) {
    Status s;
    if (input == "-") {
      s = writer.index_stream(std::cin, "<stdin>", summary);
    } else {
      std::ifstream in(input, std::ios::binary);
      s = writer.index_stream(in, input, summary);
    }
    if (!s.ok()) {
      // Keep what was indexed before the fatal record.
      if (Status c = writer.commit(); !c.ok()) return c.error();
      return s.error();
    }
  }
  if (Status c = writer.commit(); !c.ok()) return c.error();
  finish();
  return summary;
}

}  // namespace kavosh
