// The places readers report (indexer/readers.h): every record's and
// problem's "file:line", and the line and byte inside messages, checked
// against the real line of the text, for every format, with CRLF line ends,
// a byte order mark, a last line without '\n', gzip; and where reading
// stopped when an input breaks in the middle.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "reader_test_util.h"
#include "readers.h"

namespace {

namespace ki = kavosh::ingest;
using namespace kavosh::testing;  // NOLINT(google-build-using-namespace): test helpers

// "line L, byte C of the line" where C is the byte after `before` on line L.
std::string at(int line, const std::string& before) {
  return "line " + std::to_string(line) + ", byte " + std::to_string(before.size() + 1) +
         " of the line";
}

std::vector<std::string> problem_places(const Drained& d) {
  std::vector<std::string> out;
  for (const ki::ReadProblem& p : d.problems) out.push_back(p.place);
  return out;
}

// A reader's places, details and records must not change when the input
// starts with a byte order mark or is gzip-compressed.
template <typename Check>
void in_every_wrapping(const std::string& text, ki::Format format, const std::string& name,
                       Check check) {
  for (const bool bom : {false, true}) {
    for (const bool zipped : {false, true}) {
      INFO((bom ? "with a byte order mark" : "no byte order mark")
           << (zipped ? ", gzip" : ", plain"));
      const std::string bytes = (bom ? "\xEF\xBB\xBF" : "") + text;
      check(read_bytes(zipped ? gzip(bytes) : bytes, format, {}, {}, name));
    }
  }
}

}  // namespace

TEST_CASE("places: JSON lines with CRLF, a blank line and no final newline", "[readers]") {
  const std::string bad_json = "{\"id\":\"2\",\"body\":\"دو\",";
  const std::string bad_utf8 = "{\"id\":\"3\",\"body\":\"سه ";
  const std::string text =
      "{\"id\":\"1\",\"body\":\"یک\"}\r\n"
      "\r\n" +
      bad_json + ",}\r\n" + bad_utf8 + "\xFF\"}\r\n" + "{\"id\":\"4\",\"body\":\"چهار\"}";
  in_every_wrapping(text, ki::Format::kJsonLines, "n.jsonl", [&](const Drained& d) {
    REQUIRE_FALSE(d.fatal);
    CHECK(places_of(d) == std::vector<std::string>{"n.jsonl:1", "n.jsonl:5"});
    CHECK(problem_places(d) == std::vector<std::string>{"n.jsonl:3", "n.jsonl:4"});
    REQUIRE(d.problems.size() == 2);
    CHECK(d.problems[0].detail.rfind("invalid JSON at " + at(3, bad_json) + ": ", 0) == 0);
    CHECK(d.problems[1].detail == "invalid UTF-8: byte 0xFF at " + at(4, bad_utf8));
  });
}

TEST_CASE("places: JSON array elements over several lines and on one line", "[readers]") {
  const std::string line9_before_bad = "   \"body\": \"";
  const std::string line9 = line9_before_bad + "\xFF\"}, {\"id\": \"e\", \"body\": \"پنج\"}, " +
                            "{\"id\": \"f\", \"body\": x}\r\n";
  const std::string text =
      "[\r\n"                                     // 1
      "  {\"id\": \"a\", \"body\": \"یک\"},\r\n"  // 2: element 1
      "  {\"id\": \"b\",\r\n"                     // 3: element 2
      "   \"body\": \"دو\"},\r\n"                 // 4
      "  {\"id\": \"c\",\r\n"                     // 5: element 3
      "   \"body\": \"سه\"\r\n"                   // 6
      "   oops},\r\n"                             // 7: its error
      "  {\"id\": \"d\",\r\n" +                   // 8: element 4
      line9 +                                     // 9: its bad byte, elements 5 and 6
      "]";
  in_every_wrapping(text, ki::Format::kJsonArray, "a.json", [&](const Drained& d) {
    REQUIRE_FALSE(d.fatal);
    CHECK(d.order ==
          std::vector<std::string>{"R", "R", "invalid JSON", "invalid UTF-8", "R", "invalid JSON"});
    CHECK(places_of(d) == std::vector<std::string>{"a.json:2 (element 1)", "a.json:3 (element 2)",
                                                   "a.json:9 (element 5)"});
    CHECK(problem_places(d) == std::vector<std::string>{"a.json:5 (element 3)",
                                                        "a.json:8 (element 4)",
                                                        "a.json:9 (element 6)"});
    REQUIRE(d.problems.size() == 3);
    CHECK(d.problems[0].detail.rfind("invalid JSON at " + at(7, "   "), 0) == 0);
    CHECK(d.problems[1].detail == "invalid UTF-8: byte 0xFF at " + at(9, line9_before_bad));
    CHECK(d.problems[2].detail.rfind("invalid JSON at " + at(9, line9.substr(0, line9.find("x}"))),
                                     0) == 0);
  });
}

// Found by fuzzing (tests/fuzz/regressions/readers/number-overflow): nlohmann
// throws out_of_range, not parse_error, for a number beyond a double.
TEST_CASE("places: a number beyond a double is one bad record, at its place", "[readers]") {
  const std::string text = "{\"body\": \"x\", \"n\": 1e400}\n{\"body\": \"y\"}\n";
  for (const ki::Format format : {ki::Format::kJsonLines, ki::Format::kAuto}) {
    const Drained d = read_bytes("\xEF\xBB\xBF" + text, format, {}, {}, "n.jsonl");
    REQUIRE_FALSE(d.fatal);
    CHECK(d.order == std::vector<std::string>{"invalid JSON", "R"});
    REQUIRE(d.problems.size() == 1);
    CHECK(d.problems[0].place == "n.jsonl:1");
    CHECK(d.problems[0].detail == "invalid JSON: number overflow parsing '1e400'");
  }
  const Drained array =
      read_bytes("[\n" + std::string("{\"body\": \"x\", \"n\": -1e999},\n") + "{\"body\": \"y\"}]",
                 ki::Format::kJsonArray, {}, {}, "a.json");
  CHECK(array.order == std::vector<std::string>{"invalid JSON", "R"});
  CHECK(problem_places(array) == std::vector<std::string>{"a.json:2 (element 1)"});
}

TEST_CASE("places: an array not closed is reported where it opened", "[readers]") {
  Drained d = read_bytes("\n\n[{\"body\": \"یک\"},\n{\"body\": \"دو\"}\n\n", ki::Format::kJsonArray,
                         {}, {}, "open.json");
  CHECK(d.order == std::vector<std::string>{"R", "R", "invalid JSON"});
  CHECK(places_of(d) ==
        std::vector<std::string>{"open.json:3 (element 1)", "open.json:4 (element 2)"});
  REQUIRE(d.problems.size() == 1);
  CHECK(d.problems[0].place == "open.json:3");
}

TEST_CASE("places: CSV records with multi-line fields and CRLF", "[readers]") {
  const std::string text =
      "id,title,body\r\n"        // 1
      "1,یک,\"متن\r\n"           // 2: record 1
      "دو خطی\"\r\n"             // 3
      "2,دو,\"سه\r\n"            // 4: record 2
      "خط \xFF بد\"\r\n"         // 5: its bad byte
      "3,\"سه\",\"ساده\r\n\r\n"  // 6: record 3, with a blank line inside
      "\"\r\n"                   // 8
      "4,چهار,\"یک\",اضافه\r\n"  // 9: wrong number of fields
      "5,پنج,آخر";               // 10: no final newline
  in_every_wrapping(text, ki::Format::kCsv, "n.csv", [&](const Drained& d) {
    REQUIRE_FALSE(d.fatal);
    CHECK(places_of(d) == std::vector<std::string>{"n.csv:2", "n.csv:6", "n.csv:10"});
    CHECK(problem_places(d) == std::vector<std::string>{"n.csv:4", "n.csv:9"});
    REQUIRE(d.problems.size() == 2);
    CHECK(d.problems[0].detail == "invalid UTF-8: byte 0xFF at " + at(5, "خط "));
  });
}

TEST_CASE("places: dump articles and a bad byte lines after the header", "[readers]") {
  const std::string text =
      "\n"                          // 1
      "date 2024-01-02\n"           // 2: article 1
      "\n"                          // 3
      "خبر یک.\n"                   // 4
      "منبع: الف\n"                 // 5
      "date 2024-01-03 خبر دو\r\n"  // 6: article 2
      "\n"                          // 7
      "\r\n"                        // 8
      "خط \xFE بد\n"                // 9: its bad byte
      "date 2024-01-04 \xFF\n"      // 10: article 3, a bad byte after the date
      "date 2024-01-05\n"           // 11: article 4
      "سه";                         // 12: no final newline
  in_every_wrapping(text, ki::Format::kDump, "d.txt", [&](const Drained& d) {
    REQUIRE_FALSE(d.fatal);
    CHECK(d.order == std::vector<std::string>{"R", "invalid UTF-8", "invalid UTF-8", "R"});
    CHECK(places_of(d) == std::vector<std::string>{"d.txt:2", "d.txt:11"});
    CHECK(problem_places(d) == std::vector<std::string>{"d.txt:6", "d.txt:10"});
    REQUIRE(d.problems.size() == 2);
    CHECK(d.problems[0].detail == "invalid UTF-8: byte 0xFE at " + at(9, "خط "));
    CHECK(d.problems[1].detail == "invalid UTF-8: byte 0xFF at " + at(10, "date 2024-01-04 "));
  });
}

TEST_CASE("places: a plain-text article names the line of its bad byte", "[readers]") {
  in_every_wrapping("عنوان\r\n\r\nبند \xFF\r\n", ki::Format::kTextFolder, "t.txt",
                    [&](const Drained& d) {
                      REQUIRE(d.problems.size() == 1);
                      CHECK(d.problems[0].place == "t.txt");
                      CHECK(d.problems[0].detail == "invalid UTF-8: byte 0xFF at " + at(3, "بند "));
                    });
}

namespace {

// Serves `bytes`, then fails as a disk would.
class FailingSource : public ki::ByteSource {
 public:
  explicit FailingSource(std::string bytes) : bytes_(ki::memory_source(std::move(bytes))) {}
  kavosh::Result<std::size_t> read(char* out, std::size_t n) override {
    kavosh::Result<std::size_t> got = bytes_->read(out, n);
    if (got.ok() && got.value() == 0)
      return kavosh::Error::internal("read error: Input/output error");
    return got;
  }
  std::uint64_t raw_bytes() const override { return bytes_->raw_bytes(); }

 private:
  std::unique_ptr<ki::ByteSource> bytes_;
};

}  // namespace

TEST_CASE("places: an input that breaks says the line reached", "[readers]") {
  SECTION("a read error in the fourth record") {
    const std::string text = "{\"body\": \"یک\"}\n{\"body\": \"دو\"}\r\n\n{\"body\": \"سه";
    auto reader = ki::open_stream_reader(std::make_unique<FailingSource>(text), "f.jsonl",
                                         ki::Format::kJsonLines, {});
    REQUIRE(reader.ok());
    Drained d = kavosh::testing::drain(*reader.value());
    CHECK(places_of(d) == std::vector<std::string>{"f.jsonl:1", "f.jsonl:2"});
    REQUIRE(d.fatal);
    CHECK(*d.fatal == "f.jsonl:4: read error: Input/output error");
  }
  SECTION("a truncated gzip stream: the records before the cut are read") {
    std::string text;
    for (int i = 0; i < 4000; ++i) text += "{\"body\": \"" + std::to_string(i * 7919) + "\"}\n";
    const std::string packed = gzip(text);
    Drained d = read_bytes(packed.substr(0, packed.size() / 2), ki::Format::kJsonLines, {}, {},
                           "cut.jsonl.gz");
    REQUIRE(d.fatal);
    REQUIRE_FALSE(d.records.empty());
    const std::string reached = "cut.jsonl.gz:" + std::to_string(d.records.size() + 1) + ": ";
    CHECK(d.fatal->rfind(reached + "truncated gzip stream", 0) == 0);
  }
  SECTION("a dump broken inside an article: the line reached, not the article's") {
    const std::string text = "date 2024-01-02\nیک\ndate 2024-01-03\nدو\nسه\n";
    const std::string packed = gzip(text + std::string(20000, 'x'));
    Drained d =
        read_bytes(packed.substr(0, packed.size() - 12), ki::Format::kDump, {}, {}, "cut.txt.gz");
    REQUIRE(d.fatal);
    CHECK(d.fatal->rfind("cut.txt.gz:6: truncated gzip stream", 0) == 0);
  }
}
