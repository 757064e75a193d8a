// Input encodings: what the first bytes of an input show, and the conversion
// of UTF-16 and Windows-1256 to UTF-8 with ICU's converters.
#include <unicode/ucnv.h>

#include <array>

#include "readers/internal.h"

namespace kavosh::ingest {

namespace {

struct EncodingName {
  std::string_view name;  // as --encoding spells it
  Encoding encoding;
  const char* icu;         // ICU's converter name
  std::string_view label;  // for messages
};

constexpr EncodingName kEncodingNames[] = {
    {"auto", Encoding::kAuto, nullptr, "auto"},
    {"utf-8", Encoding::kUtf8, "UTF-8", "UTF-8"},
    {"utf-16le", Encoding::kUtf16Le, "UTF-16LE", "UTF-16LE"},
    {"utf-16be", Encoding::kUtf16Be, "UTF-16BE", "UTF-16BE"},
    {"windows-1256", Encoding::kWindows1256, "windows-1256", "Windows-1256"},
};

const EncodingName& entry(Encoding encoding) {
  for (const EncodingName& e : kEncodingNames) {
    if (e.encoding == encoding) return e;
  }
  return kEncodingNames[0];
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Result<Converter> open_converter(const char* name) {
  UErrorCode err = U_ZERO_ERROR;
  Converter c(ucnv_open(name, &err));
  if (U_FAILURE(err) || !c) {
    return Error::internal(std::string("no ICU converter for ") + name + ": " + u_errorName(err));
  }
  return c;
}

// Converts a ByteSource in `from`'s encoding to UTF-8, a buffer at a time.
class Utf8ConvertingSource : public ByteSource {
 public:
  Utf8ConvertingSource(std::unique_ptr<ByteSource> inner, Converter from, Converter to)
      : inner_(std::move(inner)),
        from_(std::move(from)),
        to_(std::move(to)),
        in_(new char[kInputBytes]),
        pivot_(new UChar[kPivotUnits]),
        pivot_source_(pivot_.get()),
        pivot_target_(pivot_.get()) {}

  Result<std::size_t> read(char* out, std::size_t n) override {
    if (done_ || n == 0) return std::size_t{0};
    char* target = out;
    for (;;) {
      if (src_ == src_end_ && !eof_) {
        Result<std::size_t> got = inner_->read(in_.get(), kInputBytes);
        if (!got.ok()) return got.error();
        eof_ = got.value() == 0;
        src_ = in_.get();
        src_end_ = src_ + got.value();
      }
      UErrorCode err = U_ZERO_ERROR;
      ucnv_convertEx(to_.get(), from_.get(), &target, out + n, &src_, src_end_, pivot_.get(),
                     &pivot_source_, &pivot_target_, pivot_.get() + kPivotUnits, reset_, eof_,
                     &err);
      reset_ = false;
      if (err == U_BUFFER_OVERFLOW_ERROR) break;  // `out` is full; the rest waits in ICU
      if (U_FAILURE(err)) {
        return Error::internal(std::string("cannot convert to UTF-8: ") + u_errorName(err));
      }
      if (eof_) {
        done_ = true;
        break;
      }
      if (target != out) break;
    }
    return static_cast<std::size_t>(target - out);
  }
  std::uint64_t raw_bytes() const override { return inner_->raw_bytes(); }

 private:
  static constexpr std::size_t kInputBytes = 64 * 1024;
  static constexpr std::size_t kPivotUnits = 8 * 1024;

  std::unique_ptr<ByteSource> inner_;
  Converter from_, to_;
  std::unique_ptr<char[]> in_;
  const char* src_ = nullptr;
  const char* src_end_ = nullptr;
  std::unique_ptr<UChar[]> pivot_;
  UChar* pivot_source_;
  UChar* pivot_target_;
  bool reset_ = true;
  bool eof_ = false;
  bool done_ = false;
};

// ---- Detection

// Bytes looked at: at least kMinHead (or the whole input), more when the
// source has them at hand, never more than kMaxHead.
constexpr std::size_t kMinHead = 4096;
constexpr std::size_t kMaxHead = 64 * 1024;

// Which of the bytes 0x80-0xFF are Arabic-script text in Windows-1256 (as
// ICU decodes them): Arabic letters, marks and punctuation, ZWNJ, ZWJ, the
// direction marks and « ».
const std::array<bool, 128>& arabic_in_1256() {
  static const std::array<bool, 128> table = [] {
    std::array<bool, 128> t{};
    Result<Converter> cnv = open_converter("windows-1256");
    if (!cnv.ok()) return t;
    for (int b = 0x80; b < 0x100; ++b) {
      const char in = static_cast<char>(b);
      UChar out[2] = {0, 0};
      UErrorCode err = U_ZERO_ERROR;
      const int32_t n = ucnv_toUChars(cnv.value().get(), out, 2, &in, 1, &err);
      const UChar c = n == 1 && U_SUCCESS(err) ? out[0] : 0;
      t[b - 0x80] = (c >= 0x0600 && c <= 0x06FF) || (c >= 0x200C && c <= 0x200F) || c == 0x00AB ||
                    c == 0x00BB;
    }
    return t;
  }();
  return table;
}

// UTF-16 without a byte order mark: nearly every high byte (a code unit's
// first byte in UTF-16BE, second in LE) is 0x00 (ASCII: spaces, digits, JSON
// and CSV syntax) or 0x06 (Arabic letters), and hardly any low byte is.
std::optional<Encoding> utf16_pattern(std::string_view sample) {
  const std::size_t units = sample.size() / 2;
  if (units < 2) return std::nullopt;
  std::size_t marked[2] = {0, 0};  // bytes 0x00 or 0x06 at even, odd offsets
  for (std::size_t i = 0; i < units * 2; ++i) {
    const unsigned char b = static_cast<unsigned char>(sample[i]);
    if (b == 0x00 || b == 0x06) ++marked[i % 2];
  }
  const auto pattern = [&](std::size_t high, std::size_t low) {
    return marked[high] * 10 >= units * 6 && marked[low] * 10 <= units;
  };
  if (pattern(1, 0)) return Encoding::kUtf16Le;
  if (pattern(0, 1)) return Encoding::kUtf16Be;
  return std::nullopt;
}

// `sample` without the bytes of a character cut by its end.
std::string_view without_cut_character(std::string_view sample) {
  std::size_t back = 0;
  while (back < 3 && back < sample.size() &&
         is_utf8_continuation(static_cast<unsigned char>(sample[sample.size() - 1 - back]))) {
    ++back;
  }
  if (back < sample.size()) {
    const unsigned char lead = static_cast<unsigned char>(sample[sample.size() - 1 - back]);
    const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len > back + 1) sample.remove_suffix(back + 1);
  }
  return sample;
}

}  // namespace

Result<Encoding> parse_encoding(std::string_view name) {
  for (const EncodingName& e : kEncodingNames) {
    if (detail::iequals(e.name, name)) return e.encoding;
  }
  return Error::bad_request("--encoding '" + std::string(name) +
                            "': not an encoding (one of auto, utf-8, utf-16le, utf-16be, "
                            "windows-1256)");
}

std::string_view encoding_name(Encoding encoding) { return entry(encoding).name; }

namespace detail {

std::string_view encoding_label(Encoding encoding) { return entry(encoding).label; }

Detection detect_encoding(std::string_view sample, bool whole) {
  if (sample.compare(0, 2, "\xFF\xFE") == 0) {
    return {Encoding::kUtf16Le, true, true, false, "its byte order mark"};
  }
  if (sample.compare(0, 2, "\xFE\xFF") == 0) {
    return {Encoding::kUtf16Be, true, true, false, "its byte order mark"};
  }
  if (std::optional<Encoding> utf16 = utf16_pattern(sample)) {
    return {*utf16, true, false, false, "every other byte is 0x00 or 0x06, as in UTF-16 text"};
  }
  const std::string_view text = whole ? sample : without_cut_character(sample);
  std::size_t high = 0, arabic = 0, invalid = 0, first_invalid = kValidUtf8;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) continue;
    ++high;
    if (arabic_in_1256()[b - 0x80]) ++arabic;
  }
  for (std::size_t from = 0; from < text.size();) {
    const std::size_t bad = find_invalid_utf8(text.substr(from));
    if (bad == kValidUtf8) break;
    if (first_invalid == kValidUtf8) first_invalid = from + bad;
    ++invalid;
    from += bad + 1;
  }
  if (invalid == 0) return {Encoding::kUtf8, high > 0, false, false, "it is valid UTF-8"};
  if (arabic * 100 >= high * 85) {
    return {Encoding::kWindows1256, true, false, false,
            "it is not UTF-8, and its bytes read as Arabic-script text in Windows-1256"};
  }
  Detection unknown{Encoding::kUtf8, false, false, false, {}};
  // Many bad bytes (not a few broken records of a UTF-8 file): say where.
  if (invalid * 10 >= high) {
    unknown.unrecognised = true;
    unknown.evidence = utf8_problem(text, first_invalid);
  }
  return unknown;
}

Result<std::unique_ptr<ByteSource>> decode_to_utf8(std::unique_ptr<ByteSource> source,
                                                   Encoding requested, const std::string& name,
                                                   std::vector<std::string>* notices) {
  std::string head(kMaxHead, '\0');
  std::size_t have = 0;
  bool whole = false;
  std::optional<Error> error;  // after `have` bytes: served after them
  while (have < kMinHead) {
    Result<std::size_t> got = source->read(head.data() + have, kMaxHead - have);
    if (!got.ok()) {
      if (have == 0) return got.error();
      error = got.error();
      break;
    }
    if (got.value() == 0) {
      whole = true;
      break;
    }
    have += got.value();
  }
  head.resize(have);
  const Detection found = detect_encoding(head, whole);
  Encoding chosen = requested;
  if (requested == Encoding::kAuto) chosen = found.confident ? found.encoding : Encoding::kUtf8;
  if (std::optional<std::string> note = encoding_notice(name, requested, found)) {
    notices->push_back(std::move(*note));
  }
  std::unique_ptr<ByteSource> replay =
      make_replay_source(std::move(head), std::move(source), std::move(error));
  if (chosen == Encoding::kUtf8) return replay;
  Result<Converter> from = open_converter(entry(chosen).icu);
  if (!from.ok()) return from.error();
  Result<Converter> to = open_converter("UTF-8");
  if (!to.ok()) return to.error();
  return std::unique_ptr<ByteSource>(std::make_unique<Utf8ConvertingSource>(
      std::move(replay), std::move(from).value(), std::move(to).value()));
}

std::optional<std::string> encoding_notice(const std::string& name, Encoding requested,
                                           const Detection& found) {
  const std::string label(encoding_label(found.encoding));
  const std::string flag = "--encoding " + std::string(encoding_name(found.encoding));
  if (requested == Encoding::kAuto) {
    if (found.confident && found.encoding != Encoding::kUtf8 && !found.bom) {
      return name + ": not UTF-8: read as " + label + " (" + found.evidence + "); " + flag +
             " says so";
    }
    if (found.unrecognised) {
      return name + ": not UTF-8 (" + found.evidence +
             ") and not recognised as UTF-16 or Windows-1256: read as UTF-8, so records with "
             "invalid bytes are skipped; name its encoding with --encoding";
    }
    return std::nullopt;
  }
  if (found.confident && found.encoding != requested) {
    return name + ": read as " + std::string(encoding_label(requested)) +
           " as --encoding asks, but it looks like " + label + " (" + found.evidence + "); " +
           flag + " reads it as " + label;
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace kavosh::ingest
