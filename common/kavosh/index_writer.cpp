#include "kavosh/index_writer.h"

#include "kavosh/schema.h"
#include "kavosh/search.h"

namespace kavosh {

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& path,
                                                       const AnalyzerOptions& options,
                                                       std::size_t batch_size) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    const bool fresh =
        db.get_doccount() == 0 && db.get_metadata(std::string(schema::kMetaAnalyzer)).empty();
    Result<AnalyzerOptions> existing = database_analyzer(db, path);
    if (!existing.ok()) return existing.error();
    if (!fresh && !(existing.value() == options)) {
      return Error::conflict("database '" + path + "' was built by analyzer '" +
                             Analyzer::id_for(existing.value()) + "', not '" +
                             Analyzer::id_for(options) + "': index into a new directory");
    }
    db.set_metadata(std::string(schema::kMetaAnalyzer), Analyzer::id_for(options));
    db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
    return std::unique_ptr<IndexWriter>(
        new IndexWriter(std::move(db), options, path, batch_size == 0 ? 1 : batch_size));
  } catch (const Xapian::DatabaseLockError&) {
    return Error::conflict("database '" + path +
                           "' is locked by another writer (is another kavosh-index running?)");
  } catch (const Xapian::Error& e) {
    return Error::internal("cannot open database '" + path +
                           "' for writing: " + e.get_description());
  }
}

Result<bool> IndexWriter::add(const Article& article) {
  try {
    const std::string term = unique_term(article);
    const bool existed = db_.term_exists(term);
    db_.replace_document(term, build_document(article, analyzer_, &compounds_));
    if (++pending_ >= batch_size_) {
      if (Status s = commit(); !s.ok()) return s.error();
    }
    return existed;
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + path_ + "': " + e.get_description());
  }
}

Status IndexWriter::commit() {
  try {
    store_compounds(db_, compounds_);
    compounds_.clear();
    db_.commit();
    pending_ = 0;
    return {};
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + path_ + "': commit failed: " + e.get_description());
  }
}

}  // namespace kavosh
