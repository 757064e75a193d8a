// Hits: what a result list shows of an article (title and snippet with their
// marks, the near-duplicates it stands for), built from the stored record
// and the index.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/article.h"
#include "kavosh/search/fast_snippets.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/passages.h"

namespace kavosh {

struct SearchHit {
  // `id` is the API id (document.h: api_id()): the record's id, or a derived one.
  std::string id, url, date, source, category;
  // Title and snippet as plain text (not escaped) with their marks.
  Highlighted title, snippet;
  double score = 0;
  // The other articles of the hit's near-duplicate cluster (near_duplicates.h),
  // whether or not they match the query: how many, and the ids of the newest
  // kMaxSimilarIds of them.
  std::uint64_t similar_count = 0;
  std::vector<std::string> similar;
};

// Ids listed per hit in SearchHit::similar.
inline constexpr std::size_t kMaxSimilarIds = 10;

// Snippets are chosen from the first 100 KB of a body (about 50,000 Persian
// letters, more than any article of the shared news corpora): re-analysis
// costs about 0.1 us per byte, and a huge body must not slow every page it
// appears on.
inline constexpr std::size_t kMaxSnippetSourceBytes = 100 * 1024;

// Where a hit's snippet may come from besides its article: its indexed
// document `doc` in `db`, whose checkpoints (fast_snippets.h) spare analysing
// a long body, and the request's wanted words, found on the first hit that
// needs them.
struct FastSnippets {
  const Xapian::Database* db = nullptr;
  Xapian::docid id = 0;  // of `doc` in `db` (fast_body_snippet)
  const Xapian::Document* doc = nullptr;
  std::optional<WantedWords>* wanted = nullptr;
};

// A hit for `a`: title marked, snippet chosen (the lead when `highlighter` is
// empty). Score and similar articles are left for the caller.
SearchHit make_hit(const Article& a, Analyzer& analyzer, const Highlighter& highlighter,
                   const SnippetOptions& snippet_options, const FastSnippets& fast_path = {});

// The members of a near-duplicate cluster other than `self`: how many, and
// the newest `limit` of them (docid and API id).
struct ClusterMembers {
  std::uint64_t others = 0;
  std::vector<Xapian::docid> newest;
  std::vector<std::string> newest_ids;
};
ClusterMembers cluster_members(const Xapian::Database& db, const std::string& cluster,
                               Xapian::docid self, std::size_t limit);

}  // namespace kavosh
