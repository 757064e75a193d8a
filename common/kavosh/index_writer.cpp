#include "kavosh/index_writer.h"

#include <random>

#include "kavosh/schema.h"
#include "kavosh/search.h"

namespace kavosh {

namespace {

std::string content_hash(const Article& a) { return stable_hash(a.title + "\x1f" + a.body); }

struct Origin {
  std::string run_id, hash, place;
};

Origin parse_origin(const std::string& value) {
  Origin o;
  const std::size_t a = value.find(schema::kOriginSeparator);
  const std::size_t b = a == std::string::npos ? a : value.find(schema::kOriginSeparator, a + 1);
  if (b == std::string::npos) return o;
  o.run_id = value.substr(0, a);
  o.hash = value.substr(a + 1, b - a - 1);
  o.place = value.substr(b + 1);
  return o;
}

}  // namespace

std::string new_run_id() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  return stable_hash(std::to_string(dist(rd)) + std::to_string(rd()));
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& path,
                                                       const AnalyzerOptions& options,
                                                       std::string run_id,
                                                       std::size_t batch_bytes) {
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
    return std::unique_ptr<IndexWriter>(new IndexWriter(
        std::move(db), options, path, std::move(run_id), batch_bytes == 0 ? 1 : batch_bytes));
  } catch (const Xapian::DatabaseLockError&) {
    return Error::conflict("database '" + path +
                           "' is locked by another writer (is another kavosh-index running?)");
  } catch (const Xapian::Error& e) {
    return Error::internal("cannot open database '" + path +
                           "' for writing: " + e.get_description());
  }
}

Result<AddOutcome> IndexWriter::add(const Article& article, const std::string& place) {
  try {
    const std::string term = unique_term(article);
    const std::string hash = content_hash(article);
    AddOutcome outcome;
    Xapian::PostingIterator existing = db_.postlist_begin(term);
    if (existing != db_.postlist_end(term)) {
      const Xapian::Document stored = db_.get_document(*existing);
      // The version replaced leaves the spelling dictionary: its words count
      // articles, not versions.
      for (const std::string& word : spelling_words(stored)) --spelling_[word];
      const Origin earlier = parse_origin(stored.get_value(schema::kSlotOrigin));
      if (earlier.run_id == run_id_) {
        outcome.kind = AddOutcome::Kind::kRepeated;
        outcome.earlier_place = earlier.place;
        outcome.text_differs = earlier.hash != hash;
      } else {
        outcome.kind = AddOutcome::Kind::kReplaced;
      }
    }
    Xapian::Document doc = build_document(article, analyzer_, &compounds_);
    std::string origin = run_id_;
    origin.append(1, schema::kOriginSeparator).append(hash);
    origin.append(1, schema::kOriginSeparator).append(place);
    doc.add_value(schema::kSlotOrigin, origin);
    db_.replace_document(term, doc);
    for (const std::string& word : spelling_words(doc)) ++spelling_[word];
    pending_bytes_ += article.title.size() + article.body.size();
    if (pending_bytes_ >= batch_bytes_) {
      if (Status s = commit_batch(/*all_spelling=*/false); !s.ok()) return s.error();
    }
    return outcome;
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + path_ + "': " + e.get_description());
  }
}

Status IndexWriter::commit() { return commit_batch(/*all_spelling=*/true); }

Status IndexWriter::commit_batch(bool all_spelling) {
  try {
    store_compounds(db_, compounds_);
    compounds_.clear();
    // Xapian rewrites the lists of the spelling table a word touches at every
    // commit that changes them: the dictionary is written once, at commit(),
    // unless the changes held in memory grow too many.
    if (all_spelling || spelling_.size() > kMaxPendingSpellingWords) {
      for (const auto& [word, delta] : spelling_) {
        if (delta > 0) {
          db_.add_spelling(word, static_cast<Xapian::termcount>(delta));
        } else if (delta < 0) {
          db_.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
        }
      }
      spelling_.clear();
    }
    db_.commit();
    pending_bytes_ = 0;
    return {};
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + path_ + "': commit failed: " + e.get_description());
  }
}

}  // namespace kavosh
