// Every reader of indexer/readers.h on arbitrary bytes, as a stream (what
// kavosh-index reads from a file or standard input): a reader never throws
// nor crashes; a bad record is a ReadProblem item, and a record it yields is
// what RawRecord promises (canonical keys, a body that is not blank, text
// that article_from_json takes).
//
// Input: two selector bytes, then the stream. First byte, bits 0-2: the
// format (kFormats); bit 3: the stream is gzip-compressed first (the reader
// must give the same items); bits 4-5: the read buffer size; bits 6-7: the
// record size limit (small ones reach the buffer's growth and oversized
// records). Second byte, bits 0-2: the encoding (kEncodings).
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_util.h"
#include "kavosh/index/article.h"
#include "kavosh/util/utf8.h"
#include "readers.h"

namespace {

namespace ki = kavosh::ingest;
using nlohmann::json;

constexpr ki::Format kFormats[8] = {
    ki::Format::kAuto, ki::Format::kJsonLines,  ki::Format::kJsonArray, ki::Format::kCsv,
    ki::Format::kTsv,  ki::Format::kTextFolder, ki::Format::kDump,      ki::Format::kAuto};
constexpr ki::Encoding kEncodings[8] = {
    ki::Encoding::kAuto,        ki::Encoding::kUtf8, ki::Encoding::kUtf16Le, ki::Encoding::kUtf16Be,
    ki::Encoding::kWindows1256, ki::Encoding::kAuto, ki::Encoding::kAuto,    ki::Encoding::kAuto};
constexpr std::size_t kBufferBytes[4] = {std::size_t{1} << 20, 16, 100, 4096};
constexpr std::size_t kMaxRecordBytes[4] = {std::size_t{16} << 20, 0, 40, 700};
constexpr int kMaxItems = 100000;
constexpr std::size_t kSniffBytes = 64 * 1024;

std::string gzip(std::string_view in) {
  z_stream zs{};
  FUZZ_CHECK(
      deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK,
      "deflateInit2");
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END, "deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

bool is_canonical_key(const std::string& key) {
  static const char* const kKeys[] = {"id",   "url",    "title",    "body",
                                      "date", "source", "category", "tags"};
  for (const char* k : kKeys) {
    if (key == k) return true;
  }
  return false;
}

void check_record(const ki::RawRecord& r) {
  FUZZ_CHECK(!r.place.empty() && kavosh::is_valid_utf8(r.place), r.place);
  FUZZ_CHECK(r.fields.is_object(), r.place);
  for (const auto& [key, value] : r.fields.items()) {
    FUZZ_CHECK(is_canonical_key(key), key);
    if (key == "tags") {
      FUZZ_CHECK(value.is_array(), key);
      for (const json& tag : value) FUZZ_CHECK(tag.is_string(), key);
    } else {
      FUZZ_CHECK(value.is_string(), key);
    }
  }
  FUZZ_CHECK(r.fields.contains("body"), r.place);
  std::string dumped;
  try {
    dumped = r.fields.dump();  // throws on invalid UTF-8
  } catch (const json::exception& e) {
    kavosh::fuzz::fail(__FILE__, __LINE__, "fields.dump()", e.what());
  }
  kavosh::ArticleWarnings warnings;
  const kavosh::Result<kavosh::Article> article = kavosh::article_from_json(r.fields, &warnings);
  FUZZ_CHECK(article.ok(), article.ok() ? dumped : article.error().message + ": " + dumped);
  // The stored form reads back as written, and the record's own JSON (string
  // fields and tags) is read without a JSON tree as json::parse reads it.
  const kavosh::Article& a = article.value();
  const std::optional<kavosh::Article> back =
      kavosh::read_stored_article(kavosh::article_to_data(a));
  FUZZ_CHECK(back && back->id == a.id && back->url == a.url && back->title == a.title &&
                 back->body == a.body && back->date == a.date && back->source == a.source &&
                 back->category == a.category && back->tags == a.tags,
             dumped);
  const std::optional<kavosh::Article> fast = kavosh::read_stored_article(dumped);
  FUZZ_CHECK(fast.has_value(), dumped);
  FUZZ_CHECK(fast->body == r.fields.at("body").get<std::string>(), dumped);
  FUZZ_CHECK(fast->tags.size() == (r.fields.contains("tags") ? r.fields.at("tags").size() : 0),
             dumped);
}

void check_problem(const ki::ReadProblem& p) {
  FUZZ_CHECK(!p.place.empty() && kavosh::is_valid_utf8(p.place), p.place);
  FUZZ_CHECK(!p.reason.empty(), p.detail);
  FUZZ_CHECK(kavosh::is_valid_utf8(p.detail), p.reason);
}

// A fatal Error is for what the user must change (400: a format that cannot
// be told, a stream that is not the JSON array forced) or bad gzip data;
// never an internal one otherwise (an exception caught by the frame, ...).
void check_error(const kavosh::Error& e, ki::Format format, const ki::ReaderOptions& options) {
  if (e.status == 400) return;
  const auto says = [&e](const char* what) { return e.message.find(what) != std::string::npos; };
  if (says("gzip")) return;
  // Telling the format looks up to 64 KiB ahead (readers.cpp: sniff), which
  // needs a buffer that may grow that far: kavosh-index's always does.
  const bool sniff_fits =
      format != ki::Format::kAuto ||
      std::max(options.buffer_bytes, options.max_record_bytes + 2) >= kSniffBytes;
  if (!sniff_fits && says("input buffer overflow")) return;
  kavosh::fuzz::fail(__FILE__, __LINE__, "a fatal error", e.message);
}

// Reads `stream` to its end, checking every item; returns what was read, as a string.
std::string drain(std::string stream, ki::Format format, const ki::ReaderOptions& options) {
  const std::size_t size = stream.size();
  kavosh::Result<std::unique_ptr<ki::RecordReader>> reader =
      ki::open_stream_reader(ki::memory_source(std::move(stream)), "fuzz.in", format, {}, options);
  if (!reader.ok()) {
    check_error(reader.error(), format, options);
    return "open: " + reader.error().message;
  }
  std::string items;
  for (int k = 0; k < kMaxItems; ++k) {
    kavosh::Result<std::optional<ki::ReadItem>> item = reader.value()->next();
    if (!item.ok()) {
      check_error(item.error(), format, options);
      items += "error: " + item.error().message;
      break;
    }
    for (const std::string& notice : reader.value()->take_notices()) {
      FUZZ_CHECK(kavosh::is_valid_utf8(notice), notice);
      items += "note: " + notice + "\n";
    }
    if (!item.value()) break;
    if (const auto* r = std::get_if<ki::RawRecord>(&*item.value())) {
      check_record(*r);
      items += r->place + " " + r->fields.dump() + "\n";
    } else {
      const auto& p = std::get<ki::ReadProblem>(*item.value());
      check_problem(p);
      items += p.place + " " + p.reason + "\n";
    }
  }
  FUZZ_CHECK(reader.value()->bytes_read() <= size, items);
  return items;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kavosh::fuzz::Bytes bytes(data, size);
  const std::uint8_t selector = bytes.byte();
  const ki::Format format = kFormats[selector & 7];
  ki::ReaderOptions options;
  options.buffer_bytes = kBufferBytes[(selector >> 4) & 3];
  options.max_record_bytes = kMaxRecordBytes[(selector >> 6) & 3];
  options.encoding = kEncodings[bytes.byte() & 7];
  const std::string stream(bytes.rest());
  const std::string items = drain(stream, format, options);
  const bool is_gzip = stream.size() >= 2 && stream[0] == '\x1f' && stream[1] == '\x8b';
  if ((selector & 8) && !is_gzip) {
    // Compressed, the same stream gives the same items (gzip is only a layer).
    const std::string zipped_items = drain(gzip(stream), format, options);
    FUZZ_CHECK(zipped_items == items, items + "\n----- gzip:\n" + zipped_items);
  }
  return 0;
}
