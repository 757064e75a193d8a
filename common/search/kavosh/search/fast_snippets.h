// Snippets of long articles without analysing the whole body. At index time
// build_document() stores a checkpoint table of the body
// (index/checkpoint_table.h: every Kth token's position, byte offset and
// character offset). At search time the positions of the words that match
// the query come from the index (wanted_words(), else the document's
// termlist); the table bounds how many characters any window of them spans,
// which, scored by the same passage scorer (passages.h: score_windows), finds
// every window that may become a passage (ties go to the earliest), and only
// the stretches of text around those are analysed. The snippet is the one
// make_snippet() makes from the whole body (tests/test_checkpoints.cpp
// compares them).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/checkpoint_table.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/passages.h"

namespace kavosh {

// A match of the query among the body's words, by body position (as
// Highlighter::find_matches finds it in the whole body): positions
// [first, last], its term and whether it is the query's own form.
struct PositionMatch {
  std::uint32_t first = 0, last = 0;
  int term = 0;
  bool exact = false;
};

// A stretch of the body to analyse: bytes [from, to), which hold the tokens
// at positions [position, end_position) (body positions).
struct ByteRange {
  std::size_t from = 0, to = 0;
  std::uint32_t position = 0, end_position = 0;
  bool operator==(const ByteRange& o) const {
    return from == o.from && to == o.to && position == o.position && end_position == o.end_position;
  }
};

// The stretches of the body that hold every window of `matches` (body
// positions, in order) that may become one of `options.passages` passages,
// each with `options.max_chars` characters of margin and one checkpoint more
// on each side; the lead of the body when there is no match. Starts and ends
// lie on checkpoints (the start of the body for the first, its end for the
// last). nullopt when that is most of the body: then analyse it all.
std::optional<std::vector<ByteRange>> snippet_ranges(const CheckpointTable& table,
                                                     const std::vector<PositionMatch>& matches,
                                                     int term_count, const SnippetOptions& options);

// The words of the database a highlighter wants (unprefixed terms, the
// analyzed forms Token::text, whose stem it wants), found once per request
// from the database's vocabulary: only the terms that start where a wanted
// stem's words may start (stem_word_beginnings(), stemmer.h) are stemmed. Not `complete` when a
// stem is Latin (Snowball may change a word's end), or the words starting so are too many: then
// each document's termlist is read instead.
struct WantedWords {
  bool complete = false;
  std::vector<std::string> words;
};
WantedWords wanted_words(const Xapian::Database& db, Analyzer& analyzer,
                         const Highlighter& highlighter);

// The body's snippet from the checkpoints (see above), or nullopt when the
// document has no table (bodies under kCheckpointMinBodyBytes have none), or
// the stretches would be most of the body, or anything does not add up:
// the caller then analyses the body. `doc` is the indexed document `id` of
// `db` (an MSet's docid: in a combined database a Document's own get_docid()
// is its part's) of the article whose body is `body`. The positions of the wanted words are
// those of `wanted` when complete (one lookup each), else found in the
// document's termlist.
std::optional<Highlighted> fast_body_snippet(const Xapian::Database& db, Xapian::docid id,
                                             const Xapian::Document& doc, std::string_view body,
                                             Analyzer& analyzer, const Highlighter& highlighter,
                                             const SnippetOptions& options,
                                             const WantedWords* wanted = nullptr);

}  // namespace kavosh
