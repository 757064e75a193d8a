// A checkpoint table value as read from a database (checkpoint_table.h), on
// arbitrary bytes, and the stretches snippet_ranges (fast_snippets.h) takes
// from it for arbitrary matches: decoding refuses what is malformed, the
// stretches lie in order on the table's checkpoints, inside the body, and
// fast_body_snippet survives any table a corrupt database may hold.
//
// Input: a byte choosing the snippet length, one the passages, one the term
// count, one the number of matches (up to 31), four bytes a match (first
// position, two bytes; its length; its term, and exact in the top bit), then
// the table's value.
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "fuzz_marks.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/checkpoint_table.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/fast_snippets.h"

namespace {

using kavosh::ByteRange;
using kavosh::CheckpointTable;
using kavosh::PositionMatch;

constexpr std::size_t kMaxChars[8] = {200, 1, 12, 40, 80, 160, 300, 1000};
constexpr std::size_t kMaxBody = 1 << 16;

// `count` matches as the input gives them (positions are placed in the table later).
std::vector<PositionMatch> read_matches(kavosh::fuzz::Bytes& bytes, std::size_t count) {
  std::vector<PositionMatch> out;
  for (std::size_t k = 0; k < count; ++k) {
    std::uint8_t raw[4];
    for (std::uint8_t& b : raw) b = bytes.byte();
    PositionMatch m;
    m.first = static_cast<std::uint32_t>(raw[0] | (raw[1] << 8));
    m.last = m.first + raw[2] % 4;
    m.term = raw[3] & 0x7f;
    m.exact = (raw[3] & 0x80) != 0;
    out.push_back(m);
  }
  return out;
}

// What snippet_ranges promises: stretches in order, apart, each from a
// checkpoint (or the start) to a checkpoint, inside the body.
void check_ranges(const CheckpointTable& table, const std::vector<ByteRange>& ranges) {
  const auto on_checkpoint = [&](std::size_t byte, std::uint32_t position) {
    return std::any_of(table.points.begin(), table.points.end(), [&](const kavosh::Checkpoint& c) {
      return c.byte == byte && c.position == position;
    });
  };
  const std::size_t end = table.points.back().byte;
  std::size_t last_to = 0;
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const ByteRange& r = ranges[k];
    const std::string what =
        "range " + std::to_string(k) + ": " + std::to_string(r.from) + "-" + std::to_string(r.to);
    FUZZ_CHECK(r.from <= r.to && r.to <= end, what);
    FUZZ_CHECK(r.position <= r.end_position, what);
    FUZZ_CHECK(k == 0 || r.from > last_to, what);
    FUZZ_CHECK(r.from == 0 || on_checkpoint(r.from, r.position), what);
    FUZZ_CHECK(on_checkpoint(r.to, r.end_position), what);
    last_to = r.to;
  }
}

// fast_body_snippet() on a document whose table is `value` (a corrupt
// database): with a body of the table's size, it answers a valid marked
// text or nullopt, and reads nothing outside the body.
void fast_snippet_of(const CheckpointTable& table, const std::string& value,
                     const kavosh::SnippetOptions& options) {
  const std::size_t size = table.points.back().byte;
  if (size > kMaxBody) return;
  static const std::string kText =
      "کتاب‌ها و دفتر را ۱۲۳ بار خواندند. ";
  std::string body;
  while (body.size() < size) body += kText;
  body.resize(size);
  static kavosh::Analyzer analyzer;
  Xapian::Document doc;
  for (const kavosh::Token& t : analyzer.analyze(body)) {
    doc.add_posting(t.text, table.base_position + t.position);
  }
  doc.add_value(kavosh::schema::kSlotBodyCheckpoints, value);
  static const kavosh::Highlighter highlighter(std::unordered_set<std::string>{"کتاب", "خواند"});
  const auto snippet = kavosh::fast_body_snippet(Xapian::Database(), doc.get_docid(), doc, body,
                                                 analyzer, highlighter, options);
  if (snippet) kavosh::fuzz::check_highlighted(*snippet, /*source_valid=*/false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kavosh::fuzz::Bytes bytes(data, size);
  kavosh::SnippetOptions options;
  options.max_chars = kMaxChars[bytes.byte() & 7];
  options.passages = 1 + bytes.byte() % 3;
  const int term_count = bytes.byte() % 8;
  std::vector<PositionMatch> matches = read_matches(bytes, bytes.byte() % 32);

  const std::string value(bytes.rest());
  const std::optional<CheckpointTable> table = kavosh::decode_checkpoints(value);
  if (!table) return 0;
  FUZZ_CHECK(table->stride > 0 && table->points.size() >= 2, "a decoded table");
  bool consistent = true;  // every position has a character of its own
  for (std::size_t k = 1; k < table->points.size(); ++k) {
    const kavosh::Checkpoint& a = table->points[k - 1];
    const kavosh::Checkpoint& b = table->points[k];
    FUZZ_CHECK(a.position < b.position && a.byte <= b.byte && a.chars <= b.chars, "in order");
    consistent = consistent && b.chars - a.chars >= b.position - a.position;
  }
  // Matches are body positions inside the table, in order (snippet_ranges' contract).
  const std::uint32_t from = table->points.front().position;
  const std::uint32_t span = table->points.back().position - from;
  for (PositionMatch& m : matches) {
    const std::uint32_t length = m.last - m.first;
    m.first = from + m.first % span;
    m.last = std::min(m.first + length, table->points.back().position - 1);
  }
  std::sort(matches.begin(), matches.end(), [](const PositionMatch& a, const PositionMatch& b) {
    return a.first < b.first || (a.first == b.first && a.last < b.last);
  });
  const auto ranges = kavosh::snippet_ranges(*table, matches, term_count, options);
  // Where one character gave several positions (NFKC ligatures), the
  // bounds do not hold and the whole body answers (regressions/checkpoints/).
  FUZZ_CHECK(consistent || !ranges, "ranges from a table with positions sharing characters");
  if (ranges) check_ranges(*table, *ranges);
  fast_snippet_of(*table, value, options);
  return 0;
}
