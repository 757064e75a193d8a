// The checkpoint table of a long body, stored at index time so that search
// can take a snippet of it without analysing the whole body
// (search/fast_snippets.h): every Kth token's position, byte offset and
// character offset, varint-encoded in schema::kSlotBodyCheckpoints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/analysis/token.h"

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

}  // namespace kavosh
