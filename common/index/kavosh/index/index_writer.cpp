#include "kavosh/index/index_writer.h"

#include <algorithm>
#include <functional>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kavosh/index/compatibility.h"
#include "kavosh/index/near_duplicates.h"
#include "kavosh/index/schema.h"

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
                                                       std::string run_id, std::size_t batch_bytes,
                                                       Mode mode) {
  try {
    // A new build's database is thrown away unless the build completes: its
    // commits need not reach the disk.
    const int flags = mode == Mode::kFreshBuild ? Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC
                                                : Xapian::DB_CREATE_OR_OPEN;
    Xapian::WritableDatabase db(path, flags);
    const bool fresh =
        db.get_doccount() == 0 && db.get_metadata(std::string(schema::kMetaAnalyzer)).empty();
    Result<AnalyzerOptions> existing = database_analyzer(db, path);
    if (!existing.ok()) return existing.error();
    if (!fresh && !(existing.value() == options)) {
      return Error::conflict("database '" + path + "' was built by analyzer '" +
                             Analyzer::id_for(existing.value()) + "', not '" +
                             Analyzer::id_for(options) + "': index into a new directory");
    }
    if (mode == Mode::kFreshBuild && db.get_doccount() != 0) {
      return Error::internal("database '" + path + "' is not empty: cannot build it afresh");
    }
    db.set_metadata(std::string(schema::kMetaAnalyzer), Analyzer::id_for(options));
    db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
    return std::unique_ptr<IndexWriter>(new IndexWriter(
        std::move(db), options, path, std::move(run_id), batch_bytes == 0 ? 1 : batch_bytes, mode));
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
    const bool counting = mode_ == Mode::kUpdate;
    // A new build holds only the keys this writer added: the others need no
    // look-up, and add_document() spares Xapian its own.
    const bool maybe_stored = counting || !keys_.insert(std::hash<std::string>{}(term)).second;
    Xapian::PostingIterator existing =
        maybe_stored ? db_.postlist_begin(term) : Xapian::PostingIterator();
    if (maybe_stored && existing != db_.postlist_end(term)) {
      const Xapian::Document stored = db_.get_document(*existing);
      // The version replaced leaves the spelling dictionary: its words count
      // articles, not versions.
      if (counting) {
        for (const std::string& word : spelling_words(stored)) --spelling_[word];
      }
      const Origin earlier = parse_origin(stored.get_value(schema::kSlotOrigin));
      if (earlier.run_id == run_id_) {
        outcome.kind = AddOutcome::Kind::kRepeated;
        outcome.earlier_place = earlier.place;
        outcome.text_differs = earlier.hash != hash;
      } else {
        outcome.kind = AddOutcome::Kind::kReplaced;
      }
    }
    Xapian::Document doc = build_document(article, analyzer_, &compounds_, &written_, &letters_);
    std::string origin = run_id_;
    origin.append(1, schema::kOriginSeparator).append(hash);
    origin.append(1, schema::kOriginSeparator).append(place);
    doc.add_value(schema::kSlotOrigin, origin);
    if (maybe_stored) {
      db_.replace_document(term, doc);
    } else {
      db_.add_document(doc);
    }
    if (counting) {
      for (const std::string& word : spelling_words(doc)) ++spelling_[word];
    }
    pending_bytes_ += article.title.size() + article.body.size();
    if (pending_bytes_ >= batch_bytes_) {
      if (Status s = commit_batch(/*all_spelling=*/false); !s.ok()) return s.error();
    }
    return outcome;
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + path_ + "': " + e.get_description());
  }
}

Status IndexWriter::commit() {
  if (mode_ == Mode::kFreshBuild) {
    // The documents first: the dictionary is read from the committed terms.
    if (Status s = commit_batch(/*all_spelling=*/false); !s.ok()) return s;
    try {
      write_spelling_from_terms();
    } catch (const Xapian::Error& e) {
      return Error::internal("database '" + path_ +
                             "': writing the spelling dictionary failed: " + e.get_description());
    }
    // Articles added from now on are counted one by one.
    mode_ = Mode::kUpdate;
    keys_ = {};
  }
  return commit_batch(/*all_spelling=*/true);
}

void IndexWriter::write_spelling_from_terms() {
  // Every article of the database was added by this writer: a word's number
  // of articles is its term frequency. Prefixed terms are skipped over.
  std::vector<std::pair<std::string, Xapian::doccount>> words;
  Xapian::TermIterator t = db_.allterms_begin();
  const Xapian::TermIterator end = db_.allterms_end();
  while (t != end) {
    std::string term = *t;
    if (!schema::is_word_term(term)) {
      t.skip_to(std::string(schema::kAfterPrefixedTerms));
      continue;
    }
    if (is_spelling_word(term)) words.emplace_back(std::move(term), t.get_termfreq());
    ++t;
  }
  // Xapian holds a commit's spelling changes in memory (several hundred
  // bytes a word): a large vocabulary is written in parts.
  std::size_t pending = 0;
  for (const auto& [word, freq] : words) {
    db_.add_spelling(word, freq);
    if (++pending == kSpellingWordsPerCommit) {
      db_.commit();
      pending = 0;
    }
  }
}

Result<ClusterStats> IndexWriter::update_clusters() {
  if (Status s = commit(); !s.ok()) return s.error();
  Result<ClusterPlan> plan = plan_clusters(db_);
  if (!plan.ok()) return plan.error();
  try {
    // Values only: Xapian then leaves the articles' terms as they are.
    for (const auto& [id, value] : plan.value().changes) {
      Xapian::Document doc = db_.get_document(id);
      if (value.empty()) {
        doc.remove_value(schema::kSlotCluster);
      } else {
        doc.add_value(schema::kSlotCluster, value);
      }
      db_.replace_document(id, doc);
    }
    store_cluster_members(plan.value().clusters);
    db_.commit();
  } catch (const Xapian::Error& e) {
    return Error::internal("database '" + path_ +
                           "': storing near-duplicate clusters failed: " + e.get_description());
  }
  return plan.value().stats;
}

void IndexWriter::store_cluster_members(
    const std::vector<std::pair<std::string, std::vector<Xapian::docid>>>& clusters) {
  // Dates and API ids of every article, read as two value streams.
  std::unordered_map<Xapian::docid, std::string> date, id;
  for (auto [slot, out] :
       {std::pair{schema::kSlotDate, &date}, std::pair{schema::kSlotApiId, &id}}) {
    for (Xapian::ValueIterator v = db_.valuestream_begin(slot); v != db_.valuestream_end(slot);
         ++v) {
      out->emplace(v.get_docid(), *v);
    }
  }
  static const std::string kNone;
  auto value_of = [](const std::unordered_map<Xapian::docid, std::string>& m,
                     Xapian::docid d) -> const std::string& {
    const auto it = m.find(d);
    return it == m.end() ? kNone : it->second;
  };
  std::unordered_set<std::string> keys;
  for (const auto& [cluster, docids] : clusters) {
    std::vector<ClusterMember> members;
    members.reserve(docids.size());
    for (Xapian::docid d : docids) members.push_back({d, value_of(id, d)});
    // Newest first, then by docid (undated last).
    std::stable_sort(members.begin(), members.end(),
                     [&](const ClusterMember& a, const ClusterMember& b) {
                       return value_of(date, a.docid) > value_of(date, b.docid);
                     });
    const std::string key = schema::cluster_key(cluster);
    const std::string value = encode_cluster_members(members);
    if (db_.get_metadata(key) != value) db_.set_metadata(key, value);
    keys.insert(key);
  }
  // Clusters that are no more.
  const std::string prefix(schema::kMetaClusterPrefix);
  std::vector<std::string> gone;
  for (Xapian::TermIterator k = db_.metadata_keys_begin(prefix); k != db_.metadata_keys_end(prefix);
       ++k) {
    if (keys.count(*k) == 0) gone.push_back(*k);
  }
  for (const std::string& key : gone) db_.set_metadata(key, std::string());
}

Status IndexWriter::commit_batch(bool all_spelling) {
  try {
    store_compounds(db_, compounds_);
    compounds_.clear();
    store_written_forms(db_, written_);
    written_.clear();
    store_letter_forms(db_, letters_);
    letters_.clear();
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
