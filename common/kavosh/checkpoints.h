// Snippets of long articles without analysing the whole body. At index time
// build_document() stores a checkpoint table of the body (every Kth token:
// its position, byte offset and character offset) in
// schema::kSlotBodyCheckpoints. At search time the positions of the words
// that match the query come from the index (wanted_words(), else the
// document's termlist); the table bounds how many characters any window of
// them spans, which finds every window that may become a passage (ties go to
// the earliest, as in Highlighter::snippet), and only the stretches of text
// around those are analysed. The snippet is the one Highlighter::snippet
// makes from the whole body (tests/test_checkpoints.cpp compares them).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/token.h"
#include "kavosh/highlight.h"

namespace kavosh {

// Bodies shorter than this (bytes) get no table and take the full path:
// below it the fast path saves little (measured: 2.5 times faster at 3 KB,
// 1.7 at 2 KB, where it also declines more often) and the tables of the many
// short articles would cost index space.
inline constexpr std::size_t kCheckpointMinBodyBytes = 4000;
// Every this many tokens a checkpoint.
inline constexpr std::uint32_t kCheckpointStride = 8;

// A token of the body: its position among the body's tokens (Token::position),
// and where it starts, in bytes and in characters (code points).
struct Checkpoint {
  std::uint32_t position = 0;
  std::uint32_t byte = 0;
  std::uint32_t chars = 0;
  bool operator==(const Checkpoint& o) const {
    return position == o.position && byte == o.byte && chars == o.chars;
  }
};

struct CheckpointTable {
  // The Xapian position of the body's token 0 (document.cpp: title words,
  // then schema::kBodyPositionGap).
  std::uint32_t base_position = 0;
  std::uint32_t stride = 0;
  // Tokens 0, K, 2K, ... and last the end: one past the last token's
  // position, the body's size in bytes and in characters.
  std::vector<Checkpoint> points;
};

// The table of `body` (analyze(body)) as stored in the value slot: varints,
// each checkpoint as differences from the one before. Empty when `body` has
// no tokens.
std::string encode_checkpoints(std::string_view body, const std::vector<Token>& tokens,
                               std::uint32_t base_position,
                               std::uint32_t stride = kCheckpointStride);
// nullopt for anything malformed.
std::optional<CheckpointTable> decode_checkpoints(std::string_view value);

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
std::optional<std::vector<ByteRange>> snippet_ranges(
    const CheckpointTable& table, const std::vector<Highlighter::PositionMatch>& matches,
    int term_count, const SnippetOptions& options);

// The words of the database a highlighter wants (unprefixed terms, the
// analyzed forms Token::text, whose stem it wants), found once per request
// from the database's vocabulary: a Persian stem is the word, or a prefix of
// it, or of it without its verb prefix می or نمی (persian_stemmer.h), so only
// the terms that start so are stemmed. Not `complete` when a stem is Latin
// (Snowball may change a word's end), or the words starting so are too many:
// then each document's termlist is read instead.
struct WantedWords {
  bool complete = false;
  std::vector<std::string> words;
};
WantedWords wanted_words(const Xapian::Database& db, Analyzer& analyzer,
                         const Highlighter& highlighter);

// The body's snippet from the checkpoints (see above), or nullopt when the
// document has no table (bodies under kCheckpointMinBodyBytes have none), or
// the stretches would be most of the body, or anything does not add up:
// the caller then analyses the body. `doc` is the indexed document (of `db`)
// of the article whose body is `body`. The positions of the wanted words are
// those of `wanted` when complete (one lookup each), else found in the
// document's termlist.
std::optional<Highlighted> fast_body_snippet(const Xapian::Database& db,
                                             const Xapian::Document& doc, std::string_view body,
                                             Analyzer& analyzer, const Highlighter& highlighter,
                                             const SnippetOptions& options,
                                             const WantedWords* wanted = nullptr);

}  // namespace kavosh
