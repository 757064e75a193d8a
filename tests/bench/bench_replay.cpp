// kavosh-bench-replay: how long Xapian alone takes to write Kavosh's documents,
// the floor under kavosh-index's time (tests/bench/bench_indexing.sh prints it).
//
// It loads every document of a Kavosh database into memory first (terms with
// their wdf and positions, values, data, and the spelling dictionary), so no
// reading, parsing or analysis is timed. Then, timed, it writes them the way
// kavosh-index builds a new database: `--jobs` shards in parallel threads
// (documents dealt by a hash of their data), Xapian::DB_NO_SYNC, a commit every
// `--batch-mb` of document data, each shard's share of the spelling
// dictionary at the end, and the shards merged with Xapian's compaction.
// With --minimal only what the target requires is written: words with
// positions, stems, and the stored article (no title terms, boolean terms,
// values or spelling dictionary).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A document held wholly in memory (a Document read from a database would
// fetch its terms lazily, inside the timed part).
Xapian::Document copy_document(const Xapian::Document& from, bool minimal) {
  Xapian::Document doc;
  for (Xapian::TermIterator t = from.termlist_begin(); t != from.termlist_end(); ++t) {
    // Words are unprefixed; stems start with Z and a lower-case letter or a
    // non-ASCII byte (ZS is a title stem).
    const std::string& term = *t;
    const bool word = !(term[0] >= 'A' && term[0] <= 'Z');
    const bool stem = term.size() > 1 && term[0] == 'Z' && !(term[1] >= 'A' && term[1] <= 'Z');
    if (minimal && !word && !stem) continue;
    const Xapian::termcount positions = t.positionlist_count();
    if (positions == 0) {
      doc.add_term(*t, t.get_wdf());
      continue;
    }
    for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      doc.add_posting(*t, *p);
    }
    // Terms whose wdf is more than their positions (none in Kavosh's documents).
    if (t.get_wdf() > positions) doc.add_term(*t, t.get_wdf() - positions);
  }
  for (Xapian::ValueIterator v = from.values_begin(); v != from.values_end() && !minimal; ++v) {
    doc.add_value(v.get_valueno(), *v);
  }
  doc.set_data(from.get_data());
  return doc;
}

struct Shard {
  std::vector<const Xapian::Document*> documents;
  std::vector<std::pair<std::string, Xapian::termcount>> spellings;
};

void write_shard(const std::string& path, const Shard& shard, std::size_t batch_bytes) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
  std::size_t pending = 0;
  for (const Xapian::Document* doc : shard.documents) {
    db.add_document(*doc);
    pending += doc->get_data().size();
    if (pending >= batch_bytes) {
      db.commit();
      pending = 0;
    }
  }
  db.commit();
  std::size_t words = 0;
  for (const auto& [word, freq] : shard.spellings) {
    db.add_spelling(word, freq);
    if (++words % 50000 == 0) db.commit();
  }
  db.commit();
}

}  // namespace

int main(int argc, char** argv) {
  std::string from;
  std::string work;
  unsigned jobs = 2;
  double batch_mb = 0.5;
  bool minimal = false;
  CLI::App app{
      "kavosh-bench-replay: Xapian's own time to write the documents of a Kavosh database"};
  app.add_option("--from", from, "a database built by kavosh-index")->required();
  app.add_option("--work", work, "an empty directory for the shards and the merged database")
      ->required();
  app.add_option("-j,--jobs", jobs, "shards written in parallel")->check(CLI::Range(1, 64));
  app.add_option("--batch-mb", batch_mb, "document data (MB) per commit and shard")
      ->check(CLI::Range(0.1, 4096.0));
  app.add_flag("--minimal", minimal,
               "only words with positions, stems and the stored article: no title terms, "
               "boolean terms, values or spelling dictionary");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto load_started = Clock::now();
    Xapian::Database source(from);
    std::vector<Xapian::Document> documents;
    std::vector<Shard> shards(jobs);
    documents.reserve(source.get_doccount());
    for (Xapian::PostingIterator d = source.postlist_begin(""); d != source.postlist_end(""); ++d) {
      documents.push_back(copy_document(source.get_document(*d), minimal));
    }
    // Dealt by the stored article, as kavosh-index deals records by their key.
    for (const Xapian::Document& doc : documents) {
      shards[std::hash<std::string>{}(doc.get_data()) % jobs].documents.push_back(&doc);
    }
    for (Xapian::TermIterator w = source.spellings_begin(); w != source.spellings_end() && !minimal;
         ++w) {
      shards[std::hash<std::string>{}(*w) % jobs].spellings.emplace_back(*w, w.get_termfreq());
    }
    std::fprintf(stderr, "kavosh-bench-replay: loaded %zu documents in %.2f s\n", documents.size(),
                 since(load_started));

    fs::create_directories(work);
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    std::vector<std::string> paths;
    for (unsigned i = 0; i < jobs; ++i) {
      paths.push_back((fs::path(work) / ("shard-" + std::to_string(i))).string());
      threads.emplace_back(write_shard, paths.back(), std::cref(shards[i]),
                           static_cast<std::size_t>(batch_mb * (1 << 20)));
    }
    for (std::thread& t : threads) t.join();
    const double writing = since(started);
    const auto merge_started = Clock::now();
    Xapian::Database all;
    for (const std::string& p : paths) all.add_database(Xapian::Database(p));
    all.compact((fs::path(work) / "merged").string());
    const double merging = since(merge_started);
    std::fprintf(stderr,
                 "kavosh-bench-replay: %zu documents written by Xapian in %.2f s "
                 "(%u shards %.2f s, merging %.2f s)\n",
                 documents.size(), writing + merging, jobs, writing, merging);
  } catch (const Xapian::Error& e) {
    std::cerr << "kavosh-bench-replay: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
