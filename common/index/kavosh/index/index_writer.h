// Writing articles into a Kavosh database: the one place that opens a
// database for writing, records the analyzer, writes documents (articles and
// their near-duplicate clusters), and commits them together with the
// compound lexicon, the written forms and the spelling dictionary.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/article.h"
#include "kavosh/index/document.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/util/status.h"

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
  // How the writer finds earlier versions and keeps the spelling dictionary.
  enum class Mode {
    // A database that may hold articles of earlier runs (an update in place):
    // every article looks up its unique key, and the dictionary's counts
    // follow each article added or replaced.
    kUpdate,
    // A new database written only by this writer (a shard of a new build):
    // keys are remembered in memory, an article whose key this writer has not
    // seen is simply added, and the dictionary is written once, by commit(),
    // from the words of the database (their article counts). After that
    // commit the writer goes on as kUpdate. Commits are not synced to disk
    // (Xapian::DB_NO_SYNC): a crash throws such a database away.
    kFreshBuild,
  };

  // Text (title + body bytes) added between two automatic commits: commits are
  // sized by memory, since Xapian's writer holds the whole batch in memory.
  // Small batches are also faster. On the shared corpora (2 shards, jemalloc)
  // 0.5 MB was the fastest: about 7% less wall time than 1 MB, 15% less than
  // 4 MB; 0.25 MB spent twice the system time. Updates in place, which sync
  // every commit to disk, keep 1 MB.
  static constexpr std::size_t kDefaultBatchBytes = 1u << 20;
  static constexpr std::size_t kFreshBuildBatchBytes = 1u << 19;

  // Opens (creating it when missing) the database at `path` for writing with an
  // analyzer of `options`. Fails with a clear message when another writer holds
  // the lock or the database was built by another analyzer. `run_id` names
  // this indexing run (see AddOutcome::kRepeated).
  // With Mode::kFreshBuild the database must hold no documents.
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& path,
                                                   const AnalyzerOptions& options,
                                                   std::string run_id,
                                                   std::size_t batch_bytes = kDefaultBatchBytes,
                                                   Mode mode = Mode::kUpdate);

  // Adds `article`, read at `place` ("file:line"), replacing the article with
  // the same unique key. In kUpdate mode it counts its words for the spelling
  // dictionary (schema.h; the replaced version's words are taken out).
  // Commits the documents once `batch_bytes` of text are pending; the
  // dictionary's changes wait for commit() (or kMaxPendingSpellingWords of
  // them), since Xapian rewrites every list of its spelling table that a
  // commit touches.
  Result<AddOutcome> add(const Article& article, const std::string& place);

  // Makes everything added so far durable, the spelling dictionary included
  // (one atomic Xapian commit). If an update in place crashes, the articles
  // of its automatic commits stay but their words may be missing from the
  // dictionary (weaker "did you mean" until the database is rebuilt; a new
  // database is built in shards and only swapped in when complete).
  Status commit();

  // Sets a metadata entry (an empty value removes it), written with the next commit.
  void set_metadata(const std::string& key, const std::string& value) {
    db_.set_metadata(key, value);
  }

  // Commits, then recomputes the near-duplicate clusters of the whole
  // database (near_duplicates.h: plan_clusters) and stores each article's
  // cluster value, rewriting only the articles whose cluster changed, and
  // each cluster's members (schema::cluster_key), in one more commit.
  Result<ClusterStats> update_clusters();

  Xapian::doccount document_count() const { return db_.get_doccount(); }

  // Words of the spelling dictionary whose changes may wait in memory
  // (about 100 bytes each).
  static constexpr std::size_t kMaxPendingSpellingWords = 250000;
  // kFreshBuild: words written into the dictionary per commit (Xapian holds
  // a commit's spelling changes in memory, some hundreds of bytes a word).
  static constexpr std::size_t kSpellingWordsPerCommit = 50000;

 private:
  Status commit_batch(bool all_spelling);
  // kFreshBuild: the dictionary from the committed database's words.
  void write_spelling_from_terms();
  // Each cluster's members (schema::cluster_key), newest first; the entries of
  // clusters that are no more removed. Only entries that change are written.
  void store_cluster_members(
      const std::vector<std::pair<std::string, std::vector<Xapian::docid>>>& clusters);

  IndexWriter(Xapian::WritableDatabase db, const AnalyzerOptions& options, std::string path,
              std::string run_id, std::size_t batch_bytes, Mode mode)
      : db_(std::move(db)),
        analyzer_(options),
        path_(std::move(path)),
        run_id_(std::move(run_id)),
        batch_bytes_(batch_bytes),
        mode_(mode) {}

  Xapian::WritableDatabase db_;
  Analyzer analyzer_;
  std::string path_;
  std::string run_id_;
  std::size_t batch_bytes_;
  Mode mode_;
  std::size_t pending_bytes_ = 0;
  // kFreshBuild: hashes of the unique terms added so far (every article in
  // the database). 8 bytes a key keep memory flat on large inputs; two keys
  // with one hash only cost the second a look-up.
  std::unordered_set<std::uint64_t> keys_;
  CompoundLexicon compounds_;  // seen since the last commit
  WrittenForms written_;       // likewise
  LetterForms letters_;        // likewise
  // Changes to the spelling dictionary since the last commit: articles added
  // minus articles replaced, per word.
  std::unordered_map<std::string, long> spelling_;
};

// A new random run id (16 hex digits).
std::string new_run_id();

}  // namespace kavosh
