// Writing articles into a Kavosh database: the one place that opens a
// database for writing, records the analyzer, and commits documents together
// with the compound lexicon.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/article.h"
#include "kavosh/document.h"
#include "kavosh/status.h"

namespace kavosh {

// Not thread-safe. Xapian allows one writer per database.
class IndexWriter {
 public:
  // Opens (creating it when missing) the database at `path` for writing with an
  // analyzer of `options`. Fails with a clear message when another writer holds
  // the lock or the database was built by another analyzer.
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& path,
                                                   const AnalyzerOptions& options,
                                                   std::size_t batch_size = 1000);

  // Adds `article`, replacing the article with the same unique key; true when
  // it replaced one. Commits every `batch_size` articles.
  Result<bool> add(const Article& article);

  // Makes everything added so far durable (one atomic Xapian commit).
  Status commit();

  Xapian::doccount document_count() const { return db_.get_doccount(); }
  const Analyzer& analyzer() const { return analyzer_; }

 private:
  IndexWriter(Xapian::WritableDatabase db, const AnalyzerOptions& options, std::string path,
              std::size_t batch_size)
      : db_(std::move(db)), analyzer_(options), path_(std::move(path)), batch_size_(batch_size) {}

  Xapian::WritableDatabase db_;
  Analyzer analyzer_;
  std::string path_;
  std::size_t batch_size_;
  std::size_t pending_ = 0;
  CompoundLexicon compounds_;  // seen since the last commit
};

}  // namespace kavosh
