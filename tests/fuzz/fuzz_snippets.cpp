// Marks and snippets on arbitrary text and queries: Highlighter::mark_all
// (highlight.h), make_snippet (passages.h) on the whole text and on its
// snippet_source(), and fast_body_snippet (fast_snippets.h) from a checkpoint
// table of the text, which must give the very snippet make_snippet gives when
// it gives one. Every result is checked as a marked text (fuzz_util.h).
//
// Input: a byte choosing the snippet length, a byte choosing the passages and
// the checkpoint stride, the query up to the first '\n', then the text.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_marks.h"
#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/checkpoint_table.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/fast_snippets.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/passages.h"
#include "kavosh/search/query.h"

namespace {

using kavosh::Highlighted;

constexpr std::size_t kMaxChars[8] = {200, 1, 12, 40, 80, 160, 300, 0};
constexpr std::uint32_t kStrides[4] = {kavosh::kCheckpointStride, 1, 3, 32};
// Where the body's positions start in a document (a title before it).
constexpr std::uint32_t kBasePosition = 7 + kavosh::schema::kBodyPositionGap;

bool same(const Highlighted& a, const Highlighted& b) {
  return a.text == b.text && a.spans == b.spans;
}

std::string describe(const Highlighted& h) {
  std::string out = h.text + " |";
  for (const kavosh::Span& s : h.spans) {
    out += " " + std::to_string(s.start) + "-" + std::to_string(s.end);
  }
  return out;
}

// The body as build_document indexes it: word terms at their positions, and its checkpoints.
Xapian::Document body_document(std::string_view body, const std::vector<kavosh::Token>& tokens,
                               std::uint32_t stride) {
  Xapian::Document doc;
  for (const kavosh::Token& t : tokens) doc.add_posting(t.text, kBasePosition + t.position);
  doc.add_value(kavosh::schema::kSlotBodyCheckpoints,
                kavosh::encode_checkpoints(body, tokens, kBasePosition, stride));
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kavosh::fuzz::Bytes bytes(data, size);
  kavosh::SnippetOptions options;
  options.max_chars = kMaxChars[bytes.byte() & 7];
  const std::uint8_t shape = bytes.byte();
  options.passages = 1 + shape % 3;
  const std::uint32_t stride = kStrides[(shape >> 2) & 3];
  const std::string query = std::string(bytes.until('\n'));
  const std::string_view body = bytes.rest();
  const bool valid = kavosh::is_valid_utf8(body);

  static kavosh::Analyzer analyzer;
  const kavosh::ParsedQuery parsed = kavosh::parse_query(analyzer, query);
  const kavosh::Highlighter highlighter(
      kavosh::HighlightTerms{parsed.highlight, parsed.exact, parsed.highlight_phrases});
  const std::vector<kavosh::Token> tokens = analyzer.analyze(body);

  const Highlighted marked = highlighter.mark_all(body, tokens);
  FUZZ_CHECK(marked.text == body, describe(marked));
  kavosh::fuzz::check_highlighted(marked, valid);

  const Highlighted snippet = kavosh::make_snippet(highlighter, body, tokens, options);
  kavosh::fuzz::check_highlighted(snippet, valid);

  const std::string_view source = kavosh::snippet_source(body, 64 + shape * 8u);
  FUZZ_CHECK(source.size() <= body.size() && body.substr(0, source.size()) == source, source);
  const std::vector<kavosh::Token> source_tokens = analyzer.analyze(source);
  kavosh::fuzz::check_highlighted(kavosh::make_snippet(highlighter, body, source_tokens, options),
                                  valid);

  // The checkpoint path, where it answers, answers as the whole body does
  // (for the valid UTF-8 that the index holds: the readers refuse the rest).
  const Xapian::Document doc = body_document(body, tokens, stride);
  const std::optional<Highlighted> fast = kavosh::fast_body_snippet(
      Xapian::Database(), doc.get_docid(), doc, body, analyzer, highlighter, options);
  if (fast) {
    kavosh::fuzz::check_highlighted(*fast, valid);
    if (valid) {
      FUZZ_CHECK(same(*fast, snippet), describe(*fast) + "\n  whole body: " + describe(snippet));
    }
  }
  return 0;
}
