// Opening inputs: format names, format detection, and the reader factories.
#include "readers.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "readers/internal.h"

namespace kavosh::ingest {

namespace {

namespace fs = std::filesystem;

struct FormatName {
  std::string_view name;
  Format format;
};

constexpr FormatName kFormatNames[] = {
    {"auto", Format::kAuto}, {"jsonl", Format::kJsonLines}, {"json", Format::kJsonArray},
    {"csv", Format::kCsv},   {"tsv", Format::kTsv},         {"text", Format::kTextFolder},
    {"dump", Format::kDump},
};

// What the first bytes of a stream say about its format.
enum class Sniffed { kFormat, kBlank, kUnknown };

// Looks at the start of the (decompressed) input without consuming it: the
// first non-space byte '[' is a JSON array, '{' JSON lines, and a first line
// "date YYYY-MM-DD" a dump.
Result<std::pair<Sniffed, Format>> sniff(detail::InputBuffer& in, std::string* head_text) {
  constexpr std::size_t kMaxPeek = 64 * 1024;
  std::size_t want = 64;
  for (;;) {
    Result<std::size_t> got = in.peek(want);
    if (!got.ok()) return got.error();
    const bool all = got.value() < want || want >= kMaxPeek;  // nothing more to look at
    std::string_view head(in.data(), got.value());
    const std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
      if (all) return std::make_pair(Sniffed::kBlank, Format::kAuto);
      want *= 4;
      continue;
    }
    if (head[first] == '[') return std::make_pair(Sniffed::kFormat, Format::kJsonArray);
    if (head[first] == '{') return std::make_pair(Sniffed::kFormat, Format::kJsonLines);
    const std::size_t nl = head.find('\n', first);
    if (nl == std::string_view::npos && !all) {
      want *= 4;
      continue;
    }
    const std::string_view line =
        head.substr(first, nl == std::string_view::npos ? nl : nl - first);
    std::string_view date, rest;
    if (detail::parse_dump_header(line, &date, &rest)) {
      return std::make_pair(Sniffed::kFormat, Format::kDump);
    }
    *head_text = detail::message_text(line, 40);
    return std::make_pair(Sniffed::kUnknown, Format::kAuto);
  }
}

// A file's id when it is read as one text article: its name without ".gz"
// and extension.
std::string file_id(const std::string& name) {
  if (name == "<stdin>") return {};
  fs::path p = fs::path(name).filename();
  if (detail::iequals(p.extension().string(), ".gz")) p.replace_extension();
  p.replace_extension();
  return p.string();
}

// How a file's name decides its format: kAuto when the content must tell.
// `text_fallback` is set for .txt, which holds one article unless the content
// says otherwise.
Format format_from_name(const std::string& path, bool* text_fallback) {
  fs::path p = fs::path(path).filename();
  std::string ext = p.extension().string();
  if (detail::iequals(ext, ".gz")) ext = p.replace_extension().extension().string();
  *text_fallback = detail::iequals(ext, ".txt");
  if (detail::iequals(ext, ".jsonl") || detail::iequals(ext, ".ndjson")) return Format::kJsonLines;
  if (detail::iequals(ext, ".csv")) return Format::kCsv;
  if (detail::iequals(ext, ".tsv") || detail::iequals(ext, ".tab")) return Format::kTsv;
  return Format::kAuto;  // .json may be JSON lines; .txt may be a dump; others: look
}

// `error` (reading the start of input `name`) with the input named.
Error named(Error error, const std::string& name) {
  error.message = name + ": " + error.message;
  return error;
}

Result<std::unique_ptr<RecordReader>> open_stream(std::unique_ptr<ByteSource> source,
                                                  std::string name, Format format,
                                                  bool text_fallback,
                                                  const FieldOverrides& overrides,
                                                  const ReaderOptions& options,
                                                  std::optional<std::uint64_t> total) {
  std::vector<std::string> notices;
  Result<std::unique_ptr<ByteSource>> decoded =
      detail::decode_input(std::move(source), options, name, &notices);
  if (!decoded.ok()) return named(decoded.error(), name);
  detail::StreamInput input{
      std::make_unique<detail::InputBuffer>(std::move(decoded).value(), options), std::move(name),
      total, options, std::move(notices)};
  // A UTF-8 byte order mark is skipped here, once for every format.
  if (Status s = detail::skip_bom(*input.in); !s.ok()) return named(s.error(), input.name);
  if (format == Format::kAuto) {
    std::string head;
    Result<std::pair<Sniffed, Format>> sniffed = sniff(*input.in, &head);
    if (!sniffed.ok()) return named(sniffed.error(), input.name);
    switch (sniffed.value().first) {
      case Sniffed::kFormat:
        format = sniffed.value().second;
        break;
      case Sniffed::kBlank:  // nothing to read: any reader says so
        format = text_fallback ? Format::kTextFolder : Format::kJsonLines;
        break;
      case Sniffed::kUnknown:
        if (!text_fallback) {
          return Error::bad_request("cannot tell the format of '" + input.name +
                                    "' from its content (it starts with \"" + head +
                                    "\"); choose one with --format");
        }
        format = Format::kTextFolder;
        break;
    }
  }
  const detail::FieldMapper mapper(overrides);
  switch (format) {
    case Format::kJsonLines:
      return detail::make_json_lines_reader(std::move(input), mapper);
    case Format::kJsonArray:
      return detail::make_json_array_reader(std::move(input), mapper);
    case Format::kCsv:
      return detail::make_csv_reader(std::move(input), mapper, ',');
    case Format::kTsv:
      return detail::make_csv_reader(std::move(input), mapper, '\t');
    case Format::kDump:
      return detail::make_dump_reader(std::move(input));
    case Format::kTextFolder:
    case Format::kAuto: {
      std::string id = file_id(input.name);
      return detail::make_text_file_reader(std::move(input), std::move(id));
    }
  }
  return Error::internal("unknown format");
}

// Why a folder is not read with `format`, if it is not.
std::optional<Error> folder_refused(const std::string& path, Format format) {
  if (format == Format::kAuto || format == Format::kTextFolder) return std::nullopt;
  return Error::bad_request("'" + path + "' is a folder: only --format text reads folders");
}

}  // namespace

Status check_input(const std::string& path, Format format) {
  if (path == "-") return {};
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return Error::not_found("cannot open input '" + path +
                            "': " + (ec ? ec.message() : std::string("no such file or directory")));
  }
  if (fs::is_directory(status)) {
    if (std::optional<Error> refused = folder_refused(path, format)) return *refused;
    fs::directory_iterator it(path, ec);
    if (ec) return Error::not_found("cannot read folder '" + path + "': " + ec.message());
    return {};
  }
  if (!fs::is_regular_file(status)) return {};  // a FIFO would block: opened when read
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error::not_found("cannot open input '" + path + "': " + std::strerror(errno));
  }
  ::close(fd);
  return {};
}

Result<Format> parse_format(std::string_view name) {
  for (const FormatName& f : kFormatNames) {
    if (detail::iequals(f.name, name)) return f.format;
  }
  return Error::bad_request("--format '" + std::string(name) +
                            "': not a format (one of auto, jsonl, json, csv, tsv, text, dump)");
}

std::string_view format_name(Format format) {
  for (const FormatName& f : kFormatNames) {
    if (f.format == format) return f.name;
  }
  return "unknown";
}

Result<std::unique_ptr<RecordReader>> open_stream_reader(std::unique_ptr<ByteSource> source,
                                                         std::string name, Format format,
                                                         const FieldOverrides& overrides,
                                                         const ReaderOptions& options,
                                                         std::optional<std::uint64_t> total_bytes) {
  try {
    return open_stream(std::move(source), std::move(name), format, /*text_fallback=*/false,
                       overrides, options, total_bytes);
  } catch (const std::exception& e) {
    return Error::internal(std::string("opening the input failed: ") + e.what());
  }
}

Result<std::unique_ptr<RecordReader>> open_reader(const std::string& path, Format format,
                                                  const FieldOverrides& overrides,
                                                  const ReaderOptions& options) {
  try {
    if (path == "-") {
      Result<std::unique_ptr<ByteSource>> in = detail::open_file_source(path);
      if (!in.ok()) return in.error();
      return open_stream(std::move(in).value(), "<stdin>", format, false, overrides, options,
                         std::nullopt);
    }
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status)) {
      if (std::optional<Error> refused = folder_refused(path, format)) return *refused;
      return detail::make_text_folder_reader(path, options);
    }
    bool text_fallback = false;
    if (format == Format::kAuto) format = format_from_name(path, &text_fallback);
    Result<std::unique_ptr<ByteSource>> in = detail::open_file_source(path);
    if (!in.ok()) return in.error();
    std::optional<std::uint64_t> total;
    if (fs::is_regular_file(status)) {
      const std::uintmax_t size = fs::file_size(path, ec);
      if (!ec) total = size;
    }
    return open_stream(std::move(in).value(), path, format, text_fallback, overrides, options,
                       total);
  } catch (const std::exception& e) {
    return Error::internal("opening '" + path + "' failed: " + e.what());
  }
}

}  // namespace kavosh::ingest
