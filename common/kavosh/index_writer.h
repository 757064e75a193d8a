// Writing articles into a Kavosh database: the one place that opens a
// database for writing, records the analyzer, and commits documents together
// with the compound lexicon and the spelling dictionary.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/article.h"
#include "kavosh/document.h"
#include "kavosh/status.h"

namespace kavosh {

// What add() did with an article.
struct AddOutcome {
  enum class Kind {
    kAdded,     // a new article
    kReplaced,  // replaced the version stored by an earlier run
    kRepeated,  // replaced a record with the same key added earlier in this run
  };
  Kind kind = Kind::kAdded;
  // For kRepeated: where the earlier record came from, and whether its text
  // (title and body) differed.
  std::string earlier_place;
  bool text_differs = false;
};

// Not thread-safe. Xapian allows one writer per database.
class IndexWriter {
 public:
  // Text (title + body bytes) added between two automatic commits: commits are
  // sized by memory, since Xapian's writer holds the whole batch in memory.
  static constexpr std::size_t kDefaultBatchBytes = 8u << 20;

  // Opens (creating it when missing) the database at `path` for writing with an
  // analyzer of `options`. Fails with a clear message when another writer holds
  // the lock or the database was built by another analyzer. `run_id` names
  // this indexing run (see AddOutcome::kRepeated).
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& path,
                                                   const AnalyzerOptions& options,
                                                   std::string run_id,
                                                   std::size_t batch_bytes = kDefaultBatchBytes);

  // Adds `article`, read at `place` ("file:line"), replacing the article with
  // the same unique key, and counts its words for the spelling dictionary
  // (schema.h; the replaced version's words are taken out). Commits the
  // documents once `batch_bytes` of text are pending; the dictionary's
  // changes wait for commit() (or kMaxPendingSpellingWords of them), since
  // Xapian rewrites every list of its spelling table that a commit touches.
  Result<AddOutcome> add(const Article& article, const std::string& place);

  // Makes everything added so far durable, the spelling dictionary included
  // (one atomic Xapian commit). If an update in place crashes, the articles
  // of its automatic commits stay but their words may be missing from the
  // dictionary (weaker "did you mean" until the database is rebuilt; a new
  // database is built in shards and only swapped in when complete).
  Status commit();

  Xapian::doccount document_count() const { return db_.get_doccount(); }

  // Words of the spelling dictionary whose changes may wait in memory
  // (about 100 bytes each).
  static constexpr std::size_t kMaxPendingSpellingWords = 250000;

 private:
  Status commit_batch(bool all_spelling);

  IndexWriter(Xapian::WritableDatabase db, const AnalyzerOptions& options, std::string path,
              std::string run_id, std::size_t batch_bytes)
      : db_(std::move(db)),
        analyzer_(options),
        path_(std::move(path)),
        run_id_(std::move(run_id)),
        batch_bytes_(batch_bytes) {}

  Xapian::WritableDatabase db_;
  Analyzer analyzer_;
  std::string path_;
  std::string run_id_;
  std::size_t batch_bytes_;
  std::size_t pending_bytes_ = 0;
  CompoundLexicon compounds_;  // seen since the last commit
  // Changes to the spelling dictionary since the last commit: articles added
  // minus articles replaced, per word.
  std::unordered_map<std::string, long> spelling_;
};

// A new random run id (16 hex digits).
std::string new_run_id();

}  // namespace kavosh
