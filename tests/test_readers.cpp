// Input readers of kavosh-index (indexer/readers.h): formats, field mapping,
// bad input, gzip, detection, and counts over the real shared corpora.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reader_test_util.h"
#include "readers.h"
#include "test_util.h"

namespace {

namespace ki = kavosh::ingest;
namespace fs = std::filesystem;
using kavosh::testing::body_of;
using kavosh::testing::Drained;
using kavosh::testing::fields_of;
using kavosh::testing::gzip;
using kavosh::testing::places_of;
using kavosh::testing::read_bytes;
using kavosh::testing::read_path;
using kavosh::testing::TempDir;
using kavosh::testing::write_file;
using nlohmann::json;

// ------------------------------------------------------------------ fixtures
// Texts written for these tests (never copied from the corpora).

const std::string kJsonLines =
    "{\"id\": \"a1\", \"title\": \"باران در تهران\", \"body\": \"امروز باران بارید.\", "
    "\"date\": \"2024-03-01\", \"source\": \"پیک\"}\n"
    "\n"
    "{\"id\": 2, \"title\": \"برف\", \"text\": \"برف سنگین در شمال.\", \"tags\": [\"هوا\"]}\r\n"
    "{\"news_id\": \"۳۴۵\", \"headline\": \"سوم\", \"paragraphs\": [\"یک\", \"دو\"]}";

const std::string kJsonArray = R"([
  {"code": 101, "title": "اول", "abstract": "خلاصه", "paragraphs": ["بند یک", "بند دو"],
   "link": "https://www.sport.example/news/101"},
  {"code": 102, "title": "دوم { [ \" ] }", "paragraphs": ["متن \\ با \"نقل\""]},
  {"code": 103, "title": "سوم", "paragraphs": ["آخر"], "tags": ["x", "y"]}
]
)";

const std::string kCsv =
    "id,title,body,tags\r\n"
    "c1,ساده,\"متن، با ویرگول, و \"\"نقل\"\"\",الف;ب\r\n"
    "c2,چندخطی,\"خط یک\r\nخط دو\",\r\n"
    "c3,سوم,بدون نقل,\r\n";

const std::string kTsv =
    "id\ttitle\tbody\n"
    "t1\tیک\tمتن یک\n"
    "t2\t\"دو\tبا تب\"\tمتن دو\n";

const std::string kDump =
    " date 2025-12-30 خبرگزاری نمونه؛ مریم راد - جلسه شورا امروز برگزار شد. اعضا درباره بودجه "
    "گفتگو کردند.\n"
    "بند دوم خبر.   \n"
    "منبع: روزنامه آزمایشی\n"
    "date 2025-12-31\n"
    "خبرگزاری دیگر - خبر دوم چیست؟ پاسخ در متن.\n"
    "\n"
    "بند آخر.\n";

// ------------------------------------------------------------------ formats

TEST_CASE("parse_format and format_name", "[readers]") {
  const std::pair<const char*, ki::Format> rows[] = {
      {"auto", ki::Format::kAuto},      {"jsonl", ki::Format::kJsonLines},
      {"json", ki::Format::kJsonArray}, {"csv", ki::Format::kCsv},
      {"tsv", ki::Format::kTsv},        {"text", ki::Format::kTextFolder},
      {"dump", ki::Format::kDump},      {"JSONL", ki::Format::kJsonLines},
  };
  for (const auto& [name, format] : rows) {
    INFO(name);
    auto f = ki::parse_format(name);
    REQUIRE(f.ok());
    CHECK(f.value() == format);
    CHECK(ki::parse_format(ki::format_name(format)).value() == format);
  }
  auto bad = ki::parse_format("xml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("'xml'") != std::string::npos);
}

TEST_CASE("add_field_override: accepted and rejected specs", "[readers]") {
  ki::FieldOverrides o;
  CHECK(ki::add_field_override(o, "body=paragraphs").ok());
  CHECK(ki::add_field_override(o, " id = news_id ").ok());
  CHECK(ki::add_field_override(o, "abstract=summary").ok());
  CHECK(o ==
        ki::FieldOverrides{{"body", "paragraphs"}, {"id", "news_id"}, {"abstract", "summary"}});
  const char* bad[] = {"body", "author=by", "body=", "=x"};
  for (const char* spec : bad) {
    INFO(spec);
    kavosh::Status s = ki::add_field_override(o, spec);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("--field") != std::string::npos);
  }
}

TEST_CASE("JSON lines: records, blank lines, CRLF, places", "[readers]") {
  Drained d = read_bytes(kJsonLines, ki::Format::kJsonLines, {}, {}, "news.jsonl");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.problems.empty());
  REQUIRE(d.records.size() == 3);
  CHECK(places_of(d) == std::vector<std::string>{"news.jsonl:1", "news.jsonl:3", "news.jsonl:4"});
  CHECK(d.records[0].fields == json::parse(R"({"id":"a1","title":"باران در تهران",
      "body":"امروز باران بارید.","date":"2024-03-01","source":"پیک"})"));
  CHECK(d.records[1].fields ==
        json::parse(R"({"id":"2","title":"برف","body":"برف سنگین در شمال.","tags":["هوا"]})"));
  CHECK(d.records[2].fields == json::parse(R"({"id":"۳۴۵","title":"سوم","body":"یک\n\nدو"})"));
  CHECK(d.bytes_read == kJsonLines.size());
}

TEST_CASE("a byte order mark is skipped in every format, named or detected", "[readers]") {
  const std::string bom = "\xEF\xBB\xBF";
  struct Row {
    std::string content;
    ki::Format format;
  };
  const Row rows[] = {
      {"{\"body\":\"x\"}\n", ki::Format::kJsonLines},  // named
      {"{\"body\":\"x\"}\n", ki::Format::kAuto},       // detected
      {"[{\"body\":\"x\"}]", ki::Format::kJsonArray},  // named
      {"[{\"body\":\"x\"}]", ki::Format::kAuto},       // detected
      {"body,title\nx,t\n", ki::Format::kCsv},         // named (CSV is never guessed)
      {"body\ttitle\nx\tt\n", ki::Format::kTsv},       // named
      {"date 2025-01-01\nx\n", ki::Format::kDump},     // named
      {"date 2025-01-01\nx\n", ki::Format::kAuto},     // detected
  };
  for (const Row& r : rows) {
    for (const bool gzipped : {false, true}) {
      INFO(r.content << (gzipped ? " (gzip)" : ""));
      const std::string bytes = bom + r.content;
      Drained d = read_bytes(gzipped ? gzip(bytes) : bytes, r.format);
      REQUIRE_FALSE(d.fatal);
      CHECK(d.problems.empty());
      REQUIRE(d.records.size() == 1);
      CHECK(body_of(d.records[0]) == "x");
    }
  }
}

TEST_CASE("JSON array: streamed element by element, lines of elements", "[readers]") {
  Drained d = read_bytes(kJsonArray, ki::Format::kJsonArray, {}, {}, "sport.json");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.problems.empty());
  REQUIRE(d.records.size() == 3);
  CHECK(places_of(d) == std::vector<std::string>{"sport.json:2 (element 1)",
                                                 "sport.json:4 (element 2)",
                                                 "sport.json:5 (element 3)"});
  CHECK(d.records[0].fields == json::parse(R"({"id":"101","title":"اول",
      "body":"خلاصه\n\nبند یک\n\nبند دو","url":"https://www.sport.example/news/101",
      "source":"sport.example"})"));
  CHECK(d.records[1].fields.at("title") == "دوم { [ \" ] }");
  CHECK(body_of(d.records[1]) == "متن \\ با \"نقل\"");
  CHECK(d.records[2].fields.at("tags") == json::array({"x", "y"}));
}

TEST_CASE("JSON array: bad elements are problems, reading goes on", "[readers]") {
  const std::string text =
      "[{\"body\": \"یک\"}, 42, {\"body\": }, {\"title\": \"بی‌متن\"},\n"
      " {\"body\": \"دو\"}] [{\"body\": \"سه\"}]\n";
  Drained d = read_bytes(text, ki::Format::kJsonArray, {}, {}, "a.json");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.order ==
        std::vector<std::string>{"R", "not an object", "invalid JSON", "no body", "R", "R"});
  CHECK(d.problems[1].place == "a.json:1 (element 3)");
  CHECK(places_of(d).back() == "a.json:2 (element 6)");
}

TEST_CASE("JSON array: truncated input and a JSON lines file forced as array", "[readers]") {
  Drained cut = read_bytes("[{\"body\": \"یک\"}, {\"body\": \"دو", ki::Format::kJsonArray);
  REQUIRE_FALSE(cut.fatal);
  CHECK(cut.order == std::vector<std::string>{"R", "invalid JSON"});
  CHECK(cut.problems[0].detail.find("ends inside") != std::string::npos);

  Drained open = read_bytes("[{\"body\": \"یک\"}\n", ki::Format::kJsonArray);
  CHECK(open.order == std::vector<std::string>{"R", "invalid JSON"});

  Drained empty = read_bytes(" [ ] ", ki::Format::kJsonArray);
  CHECK(empty.order.empty());
  CHECK_FALSE(empty.fatal);

  Drained lines = read_bytes("{\"body\": \"x\"}\n", ki::Format::kJsonArray, {}, {}, "l.json");
  REQUIRE(lines.fatal);
  CHECK(lines.fatal->find("not a JSON array") != std::string::npos);
}

TEST_CASE("CSV: RFC 4180 quoting, multi-line fields, CRLF", "[readers]") {
  Drained d = read_bytes(kCsv, ki::Format::kCsv, {}, {}, "n.csv");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.problems.empty());
  REQUIRE(d.records.size() == 3);
  CHECK(places_of(d) == std::vector<std::string>{"n.csv:2", "n.csv:3", "n.csv:5"});
  CHECK(d.records[0].fields == json::parse(R"({"id":"c1","title":"ساده",
      "body":"متن، با ویرگول, و \"نقل\"","tags":["الف","ب"]})"));
  CHECK(body_of(d.records[1]) == "خط یک\r\nخط دو");
  CHECK(body_of(d.records[2]) == "بدون نقل");
}

TEST_CASE("CSV: wrong number of fields, unclosed quote, invalid UTF-8", "[readers]") {
  const std::string text =
      "Title,Body\n"
      "یک,متن یک\n"
      "دو,متن,اضافه\n"
      "\n"
      "سه,\"متن\nسه\"\n"
      "چهار,\xFF\xFE\n"
      "پنج,متن پنج\n"
      "شش,\"باز";
  Drained d = read_bytes(text, ki::Format::kCsv, {}, {}, "b.csv");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.order == std::vector<std::string>{"R", "wrong number of fields", "R", "invalid UTF-8",
                                            "R", "invalid CSV"});
  CHECK(d.problems[0].place == "b.csv:3");
  CHECK(d.problems[0].detail.find("expected 2 fields") != std::string::npos);
  CHECK(d.problems[1].place == "b.csv:7");
  CHECK(d.problems[2].place == "b.csv:9");
  CHECK(places_of(d) == std::vector<std::string>{"b.csv:2", "b.csv:5", "b.csv:8"});
  CHECK(body_of(d.records[1]) == "متن\nسه");
}

TEST_CASE("TSV: tabs, and quoted fields holding tabs", "[readers]") {
  Drained d = read_bytes(kTsv, ki::Format::kTsv);
  REQUIRE_FALSE(d.fatal);
  CHECK(d.problems.empty());
  REQUIRE(d.records.size() == 2);
  CHECK(d.records[0].fields == json::parse(R"({"id":"t1","title":"یک","body":"متن یک"})"));
  CHECK(d.records[1].fields.at("title") == "دو\tبا تب");
}

// ------------------------------------------------------------------ mapping

TEST_CASE("field mapping: aliases, lists, abstract, URL fallbacks", "[readers]") {
  struct Row {
    const char* record;
    const char* expected;  // canonical fields, or "problem:<reason>"
  };
  const Row rows[] = {
      // ids
      {R"({"docid": "d7", "body": "b"})", R"({"id":"d7","body":"b"})"},
      {R"({"code": 1392980, "body": "b"})", R"({"id":"1392980","body":"b"})"},
      {R"({"code": 5, "id": "main", "body": "b"})", R"({"id":"main","body":"b"})"},
      {R"({"news_id": ["1028629"], "body": "b"})", R"({"id":"1028629","body":"b"})"},
      {R"({"news_id": ["12", "34"], "body": "b"})", R"({"id":"12,34","body":"b"})"},
      {R"({"ID": "۷۰۷", "Body": "b"})", R"({"id":"۷۰۷","body":"b"})"},
      // titles
      {R"({"headline": "h", "body": "b"})", R"({"title":"h","body":"b"})"},
      {R"({"title": "nan", "body": "b"})", R"({"body":"b"})"},
      {R"({"title": null, "body": "b"})", R"({"body":"b"})"},
      // bodies
      {R"({"content": "c"})", R"({"body":"c"})"},
      {R"({"body": "b", "paragraphs": ["p"]})", R"({"body":"b"})"},
      {R"({"body": "", "text": "t"})", R"({"body":"t"})"},
      {R"({"paragraphs": ["p1", "", "p2"]})", R"({"body":"p1\n\np2"})"},
      {R"({"body": ["p1", "p2"]})", R"({"body":"p1\n\np2"})"},
      {R"({"abstract": "a", "paragraphs": ["p"]})", R"({"body":"a\n\np"})"},
      {R"({"lead": "a", "body": " a, then more"})", R"({"body":" a, then more"})"},
      {R"({"abstract": "only the lead"})", R"({"body":"only the lead"})"},
      // dates
      {R"({"published": "2024-01-02", "body": "b"})", R"({"date":"2024-01-02","body":"b"})"},
      {R"({"datetime": "2024-01-02 10:00:00", "body": "b"})",
       R"({"date":"2024-01-02 10:00:00","body":"b"})"},
      {R"({"pubDate": "1402/01/01", "body": "b"})", R"({"date":"1402/01/01","body":"b"})"},
      // sources and dates from the URL
      {R"({"link": "https://www.varzesh3.com/news/1392980", "body": "b"})",
       R"({"url":"https://www.varzesh3.com/news/1392980","source":"varzesh3.com","body":"b"})"},
      {R"({"url": "http://User@WWW.Example.COM:8080/x", "agency": "ag", "body": "b"})",
       R"({"url":"http://User@WWW.Example.COM:8080/x","source":"ag","body":"b"})"},
      {R"({"url": "https://www.farsnews.ir/news/13911222000865/x", "body": "b"})",
       R"({"url":"https://www.farsnews.ir/news/13911222000865/x","source":"farsnews.ir",
           "date":"1391/12/22","body":"b"})"},
      {R"({"url": "https://www.farsnews.ir/news/8707060255", "body": "b"})",
       R"({"url":"https://www.farsnews.ir/news/8707060255","source":"farsnews.ir",
           "date":"1387/07/06","body":"b"})"},
      {R"({"url": "https://t.example/news/1399/5/6/77/x", "body": "b"})",
       R"({"url":"https://t.example/news/1399/5/6/77/x","source":"t.example",
           "date":"1399/05/06","body":"b"})"},
      {R"({"url": "https://t.example/news/1400/13/01/x", "body": "b"})",
       R"({"url":"https://t.example/news/1400/13/01/x","source":"t.example","body":"b"})"},
      {R"({"url": "https://t.example/a?t=140102030405", "body": "b"})",
       R"({"url":"https://t.example/a?t=140102030405","source":"t.example","body":"b"})"},
      {R"({"url": "https://x.example/6011171294", "date": "2020-01-01", "body": "b"})",
       R"({"url":"https://x.example/6011171294","source":"x.example","date":"2020-01-01",
           "body":"b"})"},
      // categories and tags
      {R"({"category": "ورزش", "body": "b"})", R"({"category":"ورزش","body":"b"})"},
      {R"({"cat": "politics", "body": "b"})", R"({"category":"politics","body":"b"})"},
      {R"({"categories": ["c1", "c2", "t1"], "tags": ["t1"], "body": "b"})",
       R"({"category":"c1","tags":["t1","c2"],"body":"b"})"},
      {R"({"categories": [], "body": "b"})", R"({"body":"b"})"},
      {R"({"keywords": "k1, k2؛ k3|k4", "body": "b"})",
       R"({"tags":["k1","k2","k3","k4"],"body":"b"})"},
      {R"({"tags": [1, "", "t"], "body": "b"})", R"({"tags":["1","t"],"body":"b"})"},
      // unknown keys are ignored
      {R"({"file": "x.txt", "summary_sentence_ids": ["1"], "body": "b"})", R"({"body":"b"})"},
      // problems
      {R"({"title": "t"})", "problem:no body"},
      {R"({"body": "   \n "})", "problem:no body"},
      {R"({"body": "b", "title": {"fa": "t"}})", "problem:bad field"},
      {R"({"body": "b", "tags": [["nested"]]})", "problem:bad field"},
      {R"(["body", "b"])", "problem:not an object"},
  };
  for (const Row& r : rows) {
    INFO(r.record);
    Drained d = read_bytes(std::string(r.record) + "\n", ki::Format::kJsonLines);
    REQUIRE_FALSE(d.fatal);
    REQUIRE(d.order.size() == 1);
    const std::string expected = r.expected;
    if (expected.rfind("problem:", 0) == 0) {
      REQUIRE(d.problems.size() == 1);
      CHECK(d.problems[0].reason == expected.substr(8));
      CHECK(d.problems[0].place == "mem:1");
    } else {
      REQUIRE(d.records.size() == 1);
      CHECK(d.records[0].fields == json::parse(expected));
    }
  }
}

TEST_CASE("field mapping: --field overrides take precedence", "[readers]") {
  struct Row {
    ki::FieldOverrides overrides;
    const char* record;
    const char* expected;
  };
  const Row rows[] = {
      {{{"body", "paragraphs"}},
       R"({"body": "short", "paragraphs": ["p1", "p2"]})",
       R"({"body":"p1\n\np2"})"},
      {{{"id", "news_id"}},
       R"({"id": "row-1", "news_id": "n-9", "body": "b"})",
       R"({"id":"n-9","body":"b"})"},
      {{{"title", "Name"}},
       R"({"name": "case is ignored", "title": "x", "body": "b"})",
       R"({"title":"case is ignored","body":"b"})"},
      {{{"source", "site"}},
       R"({"site": "s", "url": "https://a.example/", "body": "b"})",
       R"({"source":"s","url":"https://a.example/","body":"b"})"},
      {{{"abstract", "summary"}}, R"({"summary": "lead", "body": "b"})", R"({"body":"lead\n\nb"})"},
      // The overridden key is absent: the aliases are not used instead.
      {{{"body", "story"}}, R"({"body": "b"})", "problem:no body"},
  };
  for (const Row& r : rows) {
    INFO(r.record);
    Drained d = read_bytes(std::string(r.record) + "\n", ki::Format::kJsonLines, r.overrides);
    REQUIRE(d.order.size() == 1);
    const std::string expected = r.expected;
    if (expected.rfind("problem:", 0) == 0) {
      REQUIRE(d.problems.size() == 1);
      CHECK(d.problems[0].reason == expected.substr(8));
    } else {
      REQUIRE(d.records.size() == 1);
      CHECK(d.records[0].fields == json::parse(expected));
    }
  }
  // CSV columns map the same way.
  Drained csv =
      read_bytes("news_id,Paragraphs\n7,متن\n", ki::Format::kCsv, {{"body", "paragraphs"}});
  REQUIRE(csv.records.size() == 1);
  CHECK(csv.records[0].fields == json::parse(R"({"id":"7","body":"متن"})"));
}

// ------------------------------------------------------------------ bad input

TEST_CASE("bad input: broken JSON and invalid UTF-8 lines between good ones", "[readers]") {
  const std::string text =
      "{\"body\": \"یک\"}\n"
      "{\"body\": \"دو\",}\n"
      "{\"body\": \"\xD8\"}\n"
      "{\"body\": \"\xC0\xAF\"}\n"
      "not json at all\n"
      "{\"body\": \"سه\"}\n";
  Drained d = read_bytes(text, ki::Format::kJsonLines, {}, {}, "x.jsonl");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.order == std::vector<std::string>{"R", "invalid JSON", "invalid UTF-8", "invalid UTF-8",
                                            "invalid JSON", "R"});
  CHECK(places_of(d) == std::vector<std::string>{"x.jsonl:1", "x.jsonl:6"});
  CHECK(d.problems[0].place == "x.jsonl:2");
  CHECK(d.problems[1].place == "x.jsonl:3");
  CHECK(d.problems[1].detail.find("0xD8") != std::string::npos);
  for (const ki::ReadProblem& p : d.problems) {
    INFO(p.detail);
    CHECK(json(p.detail).dump().size() > 0);  // messages are valid UTF-8
  }
}

TEST_CASE("bad input: oversized records are skipped with bounded memory", "[readers]") {
  ki::ReaderOptions small;
  small.buffer_bytes = 64;
  small.max_record_bytes = 200;
  const std::string big(1000, 'x');
  const std::string fits = "{\"body\": \"" + std::string(200 - 12, 'y') + "\"}";  // 200 bytes
  REQUIRE(fits.size() == 200);
  SECTION("JSON lines") {
    const std::string one_more = fits.substr(0, 10) + "y" + fits.substr(10);  // 201 bytes
    const std::string text = "{\"body\": \"a\"}\n{\"body\": \"" + big + "\"}\n" + fits + "\n" +
                             one_more + "\n{\"body\": \"b\"}";
    Drained d = read_bytes(text, ki::Format::kJsonLines, {}, small, "o.jsonl");
    REQUIRE(d.order ==
            std::vector<std::string>{"R", "oversized record", "R", "oversized record", "R"});
    CHECK(d.problems[0].place == "o.jsonl:2");
    CHECK(d.problems[1].place == "o.jsonl:4");
    CHECK(places_of(d).back() == "o.jsonl:5");
  }
  SECTION("JSON array") {
    const std::string text = "[{\"body\": \"a\"},\n{\"body\": \"" + big + "\"},\n" + fits + "]";
    Drained d = read_bytes(text, ki::Format::kJsonArray, {}, small);
    REQUIRE(d.order == std::vector<std::string>{"R", "oversized record", "R"});
    CHECK(places_of(d).back() == "mem:3 (element 3)");
  }
  SECTION("CSV") {
    const std::string text = "id,body\n1,a\n2,\"" + big + "\n" + big + "\"\n3,c\n";
    Drained d = read_bytes(text, ki::Format::kCsv, {}, small);
    REQUIRE(d.order == std::vector<std::string>{"R", "oversized record", "R"});
    CHECK(places_of(d).back() == "mem:5");
  }
  SECTION("dump") {
    const std::string text = "date 2025-01-01\nالف - " + big + "\ndate 2025-01-02\nب - متن\n";
    Drained d = read_bytes(text, ki::Format::kDump, {}, small);
    CHECK(d.order == std::vector<std::string>{"oversized record", "R"});
  }
  SECTION("a 17 MiB line with the default limit of 16 MiB") {
    std::string text = "{\"body\": \"a\"}\n{\"body\": \"";
    text.append(std::size_t{17} << 20, 'z');
    text += "\"}\n{\"body\": \"b\"}\n";
    Drained d = read_bytes(std::move(text), ki::Format::kJsonLines);
    REQUIRE(d.order == std::vector<std::string>{"R", "oversized record", "R"});
    CHECK(d.problems[0].place == "mem:2");
  }
}

TEST_CASE("a tiny buffer gives the same records as the default one", "[readers]") {
  const std::pair<ki::Format, const std::string*> inputs[] = {
      {ki::Format::kJsonLines, &kJsonLines},
      {ki::Format::kJsonArray, &kJsonArray},
      {ki::Format::kCsv, &kCsv},
      {ki::Format::kTsv, &kTsv},
      {ki::Format::kDump, &kDump},
  };
  for (const auto& [format, text] : inputs) {
    INFO(ki::format_name(format));
    Drained normal = read_bytes(*text, format);
    for (std::size_t size : {16, 17, 31}) {
      ki::ReaderOptions tiny;
      tiny.buffer_bytes = size;
      Drained small = read_bytes(*text, format, {}, tiny);
      CHECK_FALSE(small.fatal);
      CHECK(small.problems.empty());
      CHECK(fields_of(small) == fields_of(normal));
      CHECK(places_of(small) == places_of(normal));
    }
    CHECK_FALSE(normal.records.empty());
  }
}

// ------------------------------------------------------------------ text

TEST_CASE("text folder: recursive, sorted, hidden skipped, ids from paths", "[readers]") {
  TempDir dir;
  const std::string root = dir / "docs";
  write_file(root + "/b/2.txt", "  عنوان دو  \n\nخط یک   \nخط دو\n\n\n");
  write_file(root + "/a.ham", "\n\nعنوان یک\nمتن یک\n");
  write_file(root + "/b/1.txt.gz", gzip("عنوان فشرده\nمتن فشرده\n"));
  write_file(root + "/b/only-title.txt", "فقط عنوان\n");
  write_file(root + "/b/empty.txt", " \n\n");
  write_file(root + "/c/bad.txt", "عنوان\nمتن \xFF\n");
  write_file(root + "/.hidden.txt", "عنوان\nمتن\n");
  write_file(root + "/.git/x.txt", "عنوان\nمتن\n");
  Drained d = read_path(root);
  REQUIRE_FALSE(d.fatal);
  std::vector<std::string> ids;
  for (const ki::RawRecord& r : d.records) ids.push_back(r.fields.at("id").get<std::string>());
  CHECK(ids == std::vector<std::string>{"a", "b/1", "b/2", "b/only-title"});
  CHECK(d.order == std::vector<std::string>{"R", "R", "R", "no body", "R", "invalid UTF-8"});
  CHECK(d.records[0].fields == json::parse(R"({"id":"a","title":"عنوان یک","body":"متن یک"})"));
  CHECK(d.records[0].place == (fs::path(root) / "a.ham").string());
  CHECK(d.records[1].fields.at("title") == "عنوان فشرده");
  CHECK(d.records[2].fields ==
        json::parse(R"({"id":"b/2","title":"عنوان دو","body":"خط یک\nخط دو"})"));
  CHECK(d.records[3].fields.at("body") == "فقط عنوان");
  CHECK(d.problems[0].place == (fs::path(root) / "b/empty.txt").string());
  CHECK(d.problems[1].detail.find("line 2") != std::string::npos);
  std::uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().string().find("/.") == std::string::npos) {
      total += e.file_size();
    }
  }
  CHECK(d.total_bytes == total);
  CHECK(d.bytes_read == total);
}

TEST_CASE("dump: byline, closing source line, several articles per file", "[readers]") {
  Drained d = read_bytes(kDump, ki::Format::kDump, {}, {}, "d.txt");
  REQUIRE_FALSE(d.fatal);
  CHECK(d.problems.empty());
  REQUIRE(d.records.size() == 2);
  CHECK(places_of(d) == std::vector<std::string>{"d.txt:1", "d.txt:4"});
  CHECK(d.records[0].fields == json::parse(R"({
      "date": "2025-12-30",
      "source": "روزنامه آزمایشی",
      "title": "جلسه شورا امروز برگزار شد",
      "body": "خبرگزاری نمونه؛ مریم راد - جلسه شورا امروز برگزار شد. اعضا درباره بودجه گفتگو کردند.\nبند دوم خبر."})"));
  // No closing source line: the agency of the byline is the source.
  CHECK(d.records[1].fields == json::parse(R"({
      "date": "2025-12-31",
      "source": "خبرگزاری دیگر",
      "title": "خبر دوم چیست؟",
      "body": "خبرگزاری دیگر - خبر دوم چیست؟ پاسخ در متن.\n\nبند آخر."})"));
}

TEST_CASE("dump: text before the first date line, articles without text", "[readers]") {
  const std::string text =
      "سرآغاز بی‌تاریخ\n"
      "date 2025-01-01\n"
      "منبع: فقط منبع\n"
      "date 2025-01-02 بدون خط منبع و بدون امضا. جمله دوم\n"
      "date 2025-01-0x نه سرتیتر\n";
  Drained d = read_bytes(text, ki::Format::kDump);
  REQUIRE_FALSE(d.fatal);
  CHECK(d.order == std::vector<std::string>{"text before the first date line", "no body", "R"});
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].fields == json::parse(R"({"date":"2025-01-02",
      "title":"بدون خط منبع و بدون امضا",
      "body":"بدون خط منبع و بدون امضا. جمله دوم\ndate 2025-01-0x نه سرتیتر"})"));
  CHECK(d.problems[0].place == "mem:1");
  CHECK(d.problems[1].place == "mem:2");
}

TEST_CASE("dump: a long first sentence is cut for the title", "[readers]") {
  std::string words;
  for (int i = 0; i < 80; ++i) words += "واژه ";
  Drained d = read_bytes("date 2025-01-01 " + words + "\n", ki::Format::kDump);
  REQUIRE(d.records.size() == 1);
  const std::string title = d.records[0].fields.at("title");
  CHECK(title.size() < words.size());
  CHECK(title.substr(title.size() - 3) == "\xE2\x80\xA6");
  CHECK(json(title).dump().size() > 0);  // still valid UTF-8
}

// ------------------------------------------------------------------ gzip

TEST_CASE("gzip: each format gives the same records as the plain file", "[readers]") {
  TempDir dir;
  const std::pair<std::string, const std::string*> files[] = {
      {"n.jsonl", &kJsonLines}, {"s.json", &kJsonArray}, {"c.csv", &kCsv},
      {"t.tsv", &kTsv},         {"d.txt", &kDump},
  };
  for (const auto& [name, text] : files) {
    INFO(name);
    write_file(dir / name, *text);
    const std::string packed = gzip(*text);
    write_file(dir / (name + ".gz"), packed);
    Drained plain = read_path(dir / name);
    Drained zipped = read_path(dir / (name + ".gz"));
    REQUIRE_FALSE(plain.fatal);
    REQUIRE_FALSE(zipped.fatal);
    CHECK_FALSE(plain.records.empty());
    CHECK(fields_of(zipped) == fields_of(plain));
    CHECK(zipped.problems.size() == plain.problems.size());
    CHECK(zipped.bytes_read == packed.size());
    CHECK(zipped.total_bytes == packed.size());
    CHECK(plain.total_bytes == text->size());
  }
}

TEST_CASE("gzip: magic bytes, several members, truncated and corrupt streams", "[readers]") {
  const std::string a = "{\"body\": \"یک\"}\n", b = "{\"body\": \"دو\"}\n";
  SECTION("detected without the .gz name") {
    Drained d = read_bytes(gzip(a + b), ki::Format::kAuto);
    CHECK(d.records.size() == 2);
  }
  SECTION("concatenated members, as cat a.gz b.gz") {
    Drained d = read_bytes(gzip(a) + gzip(b), ki::Format::kJsonLines);
    REQUIRE(d.records.size() == 2);
    CHECK(body_of(d.records[1]) == "دو");
  }
  SECTION("truncated: a fatal error") {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "{\"body\": \"" + std::to_string(i * 7919) + "\"}\n";
    const std::string packed = gzip(text);
    Drained d = read_bytes(packed.substr(0, packed.size() / 2), ki::Format::kJsonLines);
    REQUIRE(d.fatal);
    CHECK(d.fatal->find("truncated") != std::string::npos);
    CHECK_FALSE(d.records.empty());
  }
  SECTION("corrupt: a fatal error") {
    std::string packed = gzip(a + b);
    for (std::size_t i = 12; i < packed.size() - 8; ++i) packed[i] = static_cast<char>(~packed[i]);
    Drained d = read_bytes(packed, ki::Format::kJsonLines);
    REQUIRE(d.fatal);
    CHECK(d.fatal->find("gzip") != std::string::npos);
  }
}

// ------------------------------------------------------------------ detection

TEST_CASE("format detection from the name and the content", "[readers]") {
  TempDir dir;
  struct Row {
    const char* name;
    std::string content;
    const char* expect;  // the first record's title, or "error"
  };
  const Row rows[] = {
      {"a.jsonl", "{\"title\": \"jsonl\", \"body\": \"b\"}\n", "jsonl"},
      {"a.ndjson", "{\"title\": \"ndjson\", \"body\": \"b\"}\n", "ndjson"},
      {"lines.json", "{\"title\": \"json lines\", \"body\": \"b\"}\n", "json lines"},
      {"array.json", "\n  [{\"title\": \"array\", \"body\": \"b\"}]", "array"},
      {"array.data", "[{\"title\": \"by content\", \"body\": \"b\"}]", "by content"},
      {"a.csv", "title,body\ncsv,b\n", "csv"},
      {"a.tsv", "title\tbody\ntsv\tb\n", "tsv"},
      {"dump.txt", "\n date 2025-01-01 dump title. body\n", "dump title"},
      {"plain.txt", "plain title\nplain body\n", "plain title"},
      {"plain.txt.gz", gzip("gz title\ngz body\n"), "gz title"},
      {"mystery.dat", "who knows\n", "error"},
      {"missing.jsonl", "", "error"},
  };
  for (const Row& r : rows) {
    INFO(r.name);
    if (std::string(r.name) != "missing.jsonl") write_file(dir / r.name, r.content);
    Drained d = read_path(dir / r.name);
    if (std::string(r.expect) == "error") {
      CHECK(d.fatal);
      continue;
    }
    REQUIRE_FALSE(d.fatal);
    REQUIRE_FALSE(d.records.empty());
    CHECK(d.records[0].fields.at("title") == r.expect);
  }
  // A single file read as text: the id is its name.
  write_file(dir / "x/HAM2-1.ham", "عنوان\nمتن\n");
  Drained one = read_path(dir / "x/HAM2-1.ham", ki::Format::kTextFolder);
  REQUIRE(one.records.size() == 1);
  CHECK(one.records[0].fields.at("id") == "HAM2-1");
  // A folder with another format is refused.
  CHECK(read_path(dir / "x", ki::Format::kJsonLines).fatal);
}

TEST_CASE("stream detection (standard input) from the content only", "[readers]") {
  struct Row {
    std::string content;
    std::size_t records;
    bool fatal;
  };
  const Row rows[] = {
      {"{\"body\": \"a\"}\n{\"body\": \"b\"}\n", 2, false},
      {"\xEF\xBB\xBF [{\"body\": \"a\"}]", 1, false},
      {gzip("[{\"body\": \"a\"}, {\"body\": \"b\"}]"), 2, false},
      {"date 2025-01-01\nمتن\n", 1, false},
      {std::string(100000, ' ') + "{\"body\": \"far\"}", 1, false},
      {"", 0, false},
      {"  \n", 0, false},
      {"title,body\nx,y\n", 0, true},
  };
  for (const Row& r : rows) {
    INFO(r.content.substr(0, 30));
    Drained d = read_bytes(r.content, ki::Format::kAuto, {}, {}, "<stdin>");
    CHECK(d.fatal.has_value() == r.fatal);
    CHECK(d.records.size() == r.records);
    CHECK_FALSE(d.total_bytes);
  }
}

// ------------------------------------------------------------------ real corpora

// Reads every input; returns the record count and prints any problem or
// notice (an encoding doubted: these are all UTF-8).
std::size_t count_records(const std::vector<std::string>& inputs, std::size_t& problems) {
  std::size_t records = 0;
  problems = 0;
  for (const std::string& input : inputs) {
    Drained d = read_path(input);
    INFO(input);
    REQUIRE_FALSE(d.fatal);
    records += d.records.size();
    problems += d.problems.size() + d.notices.size();
    for (const ki::ReadProblem& p : d.problems)
      WARN(p.place << ": " << p.reason << ": " << p.detail);
    for (const std::string& notice : d.notices) WARN(notice);
  }
  return records;
}

TEST_CASE("shared corpora: record counts, no problems (needs ../shared/corpora)",
          "[readers][corpora]") {
  const std::string corpora = kavosh::testing::shared_corpora();
  if (corpora.empty()) {
    WARN("SKIPPED: ../shared/corpora is absent");
    return;
  }
  std::vector<std::string> fars, varzesh3;
  for (int i = 1; i <= 5; ++i) {
    fars.push_back(corpora + "/fars-varzesh3/fars-news-" + std::to_string(i) + ".json");
    varzesh3.push_back(corpora + "/fars-varzesh3/varzesh3-" + std::to_string(i) + ".json");
  }
  struct Row {
    const char* what;
    std::vector<std::string> inputs;
    std::size_t records;
  };
  const Row rows[] = {
      {"iranian_news.jsonl", {corpora + "/iranian-news/iranian_news.jsonl"}, 4965},
      {"fars-news", fars, 1500},
      {"varzesh3", varzesh3, 2500},
      {"hamshahri", {corpora + "/hamshahri/docs"}, 5375},
      {"seed", {corpora + "/seed/000_bd95141a92998d4b.txt"}, 1},
  };
  for (const Row& r : rows) {
    INFO(r.what);
    std::size_t problems = 0;
    CHECK(count_records(r.inputs, problems) == r.records);
    CHECK(problems == 0);
  }
}

TEST_CASE("shared corpora: fields as mapped (needs ../shared/corpora)", "[readers][corpora]") {
  const std::string corpora = kavosh::testing::shared_corpora();
  if (corpora.empty()) {
    WARN("SKIPPED: ../shared/corpora is absent");
    return;
  }
  Drained news = read_path(corpora + "/iranian-news/iranian_news.jsonl");
  std::size_t untitled = 0;
  for (const ki::RawRecord& r : news.records) {
    untitled += r.fields.contains("title") ? 0 : 1;
    CHECK(r.fields.contains("id"));
    CHECK(r.fields.contains("date"));
  }
  CHECK(untitled == 157);  // null titles in this copy (the "nan" of pandas in others)

  Drained fars = read_path(corpora + "/fars-varzesh3/fars-news-1.json");
  std::size_t dated = 0;
  for (const ki::RawRecord& r : fars.records) {
    CHECK(r.fields.at("source") == "farsnews.ir");
    dated += r.fields.contains("date") ? 1 : 0;
  }
  CHECK(dated * 10 >= fars.records.size() * 9);  // all but a few old links carry a date

  Drained seed = read_path(corpora + "/seed/000_bd95141a92998d4b.txt");
  REQUIRE(seed.records.size() == 1);
  CHECK(seed.records[0].fields.at("date") == "2026-01-06");
  CHECK(seed.records[0].fields.at("source") == "خبرگزاری فرانسه");
}

}  // namespace
