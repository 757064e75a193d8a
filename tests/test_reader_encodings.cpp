// Input encodings (indexer/readers.h, Encoding): UTF-16 found by its byte
// order mark or by its NUL and 0x06 bytes, Windows-1256 found when the bytes
// are not UTF-8 but read as Persian there, or named with --encoding; all read
// as the same records as the UTF-8 text, with a notice naming the file when
// an encoding was guessed or --encoding disagrees with the bytes. The texts
// are written here and encoded with ICU.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "encode_util.h"
#include "reader_test_util.h"
#include "readers.h"
#include "test_util.h"

namespace {

namespace ki = kavosh::ingest;
using namespace kavosh::testing;  // NOLINT(google-build-using-namespace): test helpers

// Persian texts written with letters Windows-1256 has (it has no U+06CC
// FARSI YEH: «ی» is left out), ZWNJ, «» and the Arabic semicolon.
struct Sample {
  const char* what;
  ki::Format format;
  std::string text;
};

const std::vector<Sample>& samples() {
  static const std::vector<Sample> rows = {
      {"JSON lines", ki::Format::kJsonLines,
       "{\"id\":\"1\",\"title\":\"باران در تهران\",\"body\":\"کتاب‌ها چاپ "
       "شد.\","
       "\"source\":\"پژوهش\"}\n"
       "{\"id\":\"2\",\"title\":\"گزارش\",\"body\":\"«خبر» دوم؛ آزمون\"}\n"},
      {"JSON array", ki::Format::kJsonArray,
       "[{\"body\": \"کتاب‌ها\"},\n {\"body\": \"چاپ\", \"title\": \"ژاله\"}]\n"},
      {"CSV", ki::Format::kCsv,
       "id,title,body\n1,باران,\"کتاب‌ها\nچاپ شد\"\n2,برف,سرد\n"},
      {"dump", ki::Format::kDump,
       "date 2024-01-02\nآژانس پژوهش - کتاب‌ها چاپ شد.\nمنبع: "
       "پژوهش\n"
       "date 2024-01-03\nباران آمد.\n"},
      {"plain text", ki::Format::kTextFolder,
       "باران در تهران\n\nکتاب‌ها چاپ شد.\n"},
  };
  return rows;
}

struct Encoded {
  const char* icu;
  bool bom;
  const char* notice;  // what the notice of kAuto says; nullptr: no notice
};

const Encoded kEncodings[] = {
    {"UTF-16LE", true, nullptr},
    {"UTF-16BE", true, nullptr},
    {"UTF-16LE", false, "not UTF-8: read as UTF-16LE"},
    {"UTF-16BE", false, "not UTF-8: read as UTF-16BE"},
    {"windows-1256", false, "not UTF-8: read as Windows-1256"},
};

ki::ReaderOptions with(ki::Encoding encoding, std::size_t buffer_bytes = std::size_t{1} << 20) {
  ki::ReaderOptions options;
  options.encoding = encoding;
  options.buffer_bytes = buffer_bytes;
  return options;
}

}  // namespace

TEST_CASE("encodings: parse_encoding and encoding_name", "[readers]") {
  for (const char* name : {"auto", "utf-8", "utf-16le", "utf-16be", "windows-1256"}) {
    kavosh::Result<ki::Encoding> e = ki::parse_encoding(name);
    REQUIRE(e.ok());
    CHECK(ki::encoding_name(e.value()) == name);
  }
  CHECK(ki::parse_encoding("UTF-16LE").value() == ki::Encoding::kUtf16Le);
  kavosh::Result<ki::Encoding> bad = ki::parse_encoding("latin1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("windows-1256") != std::string::npos);
}

TEST_CASE("encodings: UTF-16 and Windows-1256 detected give the UTF-8 records", "[readers]") {
  for (const Sample& s : samples()) {
    const Drained utf8 = read_bytes(s.text, s.format, {}, {}, "in");
    REQUIRE_FALSE(utf8.fatal);
    REQUIRE(utf8.problems.empty());
    REQUIRE_FALSE(utf8.records.empty());
    CHECK(utf8.notices.empty());
    for (const Encoded& e : kEncodings) {
      for (const bool zipped : {false, true}) {
        INFO(s.what << " in " << e.icu << (e.bom ? " with" : " without") << " a byte order mark"
                    << (zipped ? ", gzip" : ""));
        const std::string bytes = encode(s.text, e.icu, e.bom);
        const Drained d = read_bytes(zipped ? gzip(bytes) : bytes, s.format, {}, {}, "in");
        REQUIRE_FALSE(d.fatal);
        CHECK(d.problems.empty());
        CHECK(fields_of(d) == fields_of(utf8));
        CHECK(places_of(d) == places_of(utf8));
        if (e.notice == nullptr) {
          CHECK(d.notices.empty());
        } else {
          REQUIRE(d.notices.size() == 1);
          CHECK(d.notices[0].rfind(std::string("in: ") + e.notice, 0) == 0);
        }
      }
    }
  }
}

TEST_CASE("encodings: the format is detected after the conversion", "[readers]") {
  const std::string jsonl = samples()[0].text, array = samples()[1].text, dump = samples()[3].text;
  CHECK(read_bytes(encode(jsonl, "UTF-16LE", true), ki::Format::kAuto).records.size() == 2);
  CHECK(read_bytes(encode(array, "UTF-16BE"), ki::Format::kAuto).records.size() == 2);
  CHECK(read_bytes(encode(dump, "windows-1256"), ki::Format::kAuto).records.size() == 2);
}

TEST_CASE("encodings: named with --encoding, and a hint when it disagrees", "[readers]") {
  const std::string text = samples()[0].text;
  const std::string cp1256 = encode(text, "windows-1256");
  const Drained utf8 = read_bytes(text, ki::Format::kJsonLines);

  const Drained named =
      read_bytes(cp1256, ki::Format::kJsonLines, {}, with(ki::Encoding::kWindows1256), "w.jsonl");
  CHECK(fields_of(named) == fields_of(utf8));
  CHECK(named.notices.empty());

  // Read as UTF-8 as asked: every record is invalid, and the notice says what would read it.
  const Drained forced =
      read_bytes(cp1256, ki::Format::kJsonLines, {}, with(ki::Encoding::kUtf8), "w.jsonl");
  CHECK(forced.records.empty());
  CHECK(forced.order == std::vector<std::string>{"invalid UTF-8", "invalid UTF-8"});
  REQUIRE(forced.notices.size() == 1);
  CHECK(forced.notices[0].rfind("w.jsonl: read as UTF-8 as --encoding asks, but it looks like "
                                "Windows-1256",
                                0) == 0);
  CHECK(forced.notices[0].find("--encoding windows-1256") != std::string::npos);

  // UTF-16 named with its byte order: the same records, no notice; the other order is doubted.
  const std::string le = encode(text, "UTF-16LE");
  CHECK(fields_of(read_bytes(le, ki::Format::kJsonLines, {}, with(ki::Encoding::kUtf16Le))) ==
        fields_of(utf8));
  CHECK(read_bytes(le, ki::Format::kJsonLines, {}, with(ki::Encoding::kUtf16Le)).notices.empty());
  const Drained wrong = read_bytes(le, ki::Format::kJsonLines, {}, with(ki::Encoding::kUtf16Be));
  REQUIRE(wrong.notices.size() == 1);
  CHECK(wrong.notices[0].find("looks like UTF-16LE") != std::string::npos);

  // A file whose first 64 KB are ASCII (Persian as \u escapes) is UTF-8 without a word.
  std::string escaped;
  while (escaped.size() < 70000) escaped += "{\"body\": \"\\u06a9\\u062a\\u0627\\u0628\"}\n";
  const Drained plain = read_bytes(escaped + text, ki::Format::kJsonLines);
  CHECK(plain.problems.empty());
  CHECK(plain.notices.empty());

  // ASCII is the same in every one of them: nothing to say.
  const Drained ascii = read_bytes("{\"body\": \"plain\"}\n", ki::Format::kJsonLines, {},
                                   with(ki::Encoding::kWindows1256));
  CHECK(ascii.records.size() == 1);
  CHECK(ascii.notices.empty());
}

TEST_CASE("encodings: bytes that are not UTF-8 nor Persian in Windows-1256", "[readers]") {
  // Latin-1 French: read as UTF-8, its records skipped, and the notice says why.
  const std::string latin1 = "{\"body\": \"caf\xE9 \xE9t\xE9\"}\n{\"body\": \"gar\xE7on\"}\n";
  const Drained d = read_bytes(latin1, ki::Format::kJsonLines, {}, {}, "fr.jsonl");
  CHECK(d.order == std::vector<std::string>{"invalid UTF-8", "invalid UTF-8"});
  REQUIRE(d.notices.size() == 1);
  CHECK(d.notices[0].rfind("fr.jsonl: not UTF-8 (invalid UTF-8: byte 0xE9 at line 1, byte 14 of "
                           "the line) and not recognised",
                           0) == 0);

  // A UTF-8 file with one broken record is UTF-8: the record is reported, no notice.
  const std::string text = samples()[0].text + "{\"body\": \"\xD8\"}\n";
  const Drained one = read_bytes(text, ki::Format::kJsonLines);
  CHECK(one.order == std::vector<std::string>{"R", "R", "invalid UTF-8"});
  CHECK(one.notices.empty());
}

TEST_CASE("encodings: converted in small pieces and across buffer ends", "[readers]") {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "{\"id\":\"" + std::to_string(i) + "\",\"body\":\"کتاب‌ها چاپ شد " +
            std::to_string(i * 7) + "\"}\n";
  }
  const Drained utf8 = read_bytes(text, ki::Format::kJsonLines);
  for (const char* icu : {"UTF-16LE", "windows-1256"}) {
    for (const std::size_t buffer : {std::size_t{16}, std::size_t{1} << 20}) {
      INFO(icu << ", buffer of " << buffer << " bytes");
      const Drained d =
          read_bytes(gzip(encode(text, icu)), ki::Format::kJsonLines, {}, with({}, buffer));
      REQUIRE_FALSE(d.fatal);
      CHECK(d.records.size() == 3000);
      CHECK(fields_of(d) == fields_of(utf8));
    }
  }
}

TEST_CASE("encodings: a UTF-16 text cut inside a character ends with U+FFFD", "[readers]") {
  const std::string bytes = encode("باران\n\nکتاب‌ها", "UTF-16LE", true);
  const Drained d = read_bytes(bytes.substr(0, bytes.size() - 1), ki::Format::kTextFolder);
  REQUIRE(d.records.size() == 1);
  // «کتاب‌ها» lost the second byte of its last letter.
  CHECK(d.records[0].fields.at("body") == "کتاب‌ه\xEF\xBF\xBD");
}

TEST_CASE("encodings: each file of a folder is detected alone", "[readers]") {
  TempDir dir;
  const std::string text = samples()[4].text;
  write_file(dir / "news/a.txt", text);
  write_file(dir / "news/b.txt", encode(text, "windows-1256"));
  write_file(dir / "news/c.txt", encode(text, "UTF-16BE", true));
  const Drained d = read_path(dir / "news");
  REQUIRE(d.records.size() == 3);
  CHECK(d.problems.empty());
  for (const ki::RawRecord& r : d.records)
    CHECK(r.fields.at("body") == "کتاب‌ها چاپ شد.");
  REQUIRE(d.notices.size() == 1);
  CHECK(d.notices[0].rfind(dir / "news/b.txt: not UTF-8: read as Windows-1256", 0) == 0);
}
