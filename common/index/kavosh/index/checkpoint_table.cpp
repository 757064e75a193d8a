#include "kavosh/index/checkpoint_table.h"

#include <algorithm>

#include "kavosh/util/utf8.h"
#include "kavosh/util/varint.h"

namespace kavosh {

namespace {

constexpr unsigned char kFormat = 1;

}  // namespace

std::string encode_checkpoints(std::string_view body, const std::vector<Token>& tokens,
                               std::uint32_t base_position, std::uint32_t stride) {
  if (tokens.empty() || stride == 0) return {};
  std::string out;
  out.reserve(8 + 4 * (tokens.size() / stride + 2));
  out.push_back(static_cast<char>(kFormat));
  put_varint32(out, stride);
  put_varint32(out, base_position);
  put_varint32(out, static_cast<std::uint32_t>((tokens.size() + stride - 1) / stride));
  Checkpoint last;
  std::size_t byte = 0, chars = 0;
  auto put = [&](const Checkpoint& c) {
    put_varint32(out, c.position - last.position);
    put_varint32(out, c.byte - last.byte);
    put_varint32(out, c.chars - last.chars);
    last = c;
  };
  auto at = [&](std::size_t target) {
    chars += count_code_points(body.substr(byte, target - byte));
    byte = target;
    return static_cast<std::uint32_t>(chars);
  };
  for (std::size_t k = 0; k < tokens.size(); k += stride) {
    const Token& t = tokens[k];
    put(Checkpoint{t.position, t.start, at(std::min<std::size_t>(t.start, body.size()))});
  }
  put(Checkpoint{tokens.back().position + 1, static_cast<std::uint32_t>(body.size()),
                 at(body.size())});
  return out;
}

std::optional<CheckpointTable> decode_checkpoints(std::string_view value) {
  if (value.empty() || static_cast<unsigned char>(value[0]) != kFormat) return std::nullopt;
  value.remove_prefix(1);
  CheckpointTable table;
  std::uint32_t count = 0;
  if (!get_varint32(value, table.stride) || !get_varint32(value, table.base_position) ||
      !get_varint32(value, count) || table.stride == 0 || count == 0 || count > value.size()) {
    return std::nullopt;
  }
  table.points.reserve(count + 1);
  Checkpoint c;
  for (std::uint32_t k = 0; k <= count; ++k) {
    std::uint32_t dp = 0, db = 0, dc = 0;
    if (!get_varint32(value, dp) || !get_varint32(value, db) || !get_varint32(value, dc)) {
      return std::nullopt;
    }
    // Positions rise, a character has a byte, and nothing wraps around.
    if ((k > 0 && dp == 0) || dc > db || c.position + dp < c.position || c.byte + db < c.byte) {
      return std::nullopt;
    }
    c.position += dp;
    c.byte += db;
    c.chars += dc;
    table.points.push_back(c);
  }
  if (!value.empty()) return std::nullopt;
  return table;
}

}  // namespace kavosh
