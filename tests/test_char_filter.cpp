#include <catch2/catch.hpp>

#include <string>

#include "kavosh/analysis/char_filter.h"

using kavosh::normalize_string;
using kavosh::normalize_text;

namespace {

struct Row {
  const char* in;
  const char* out;
  const char* why;
};

}  // namespace

TEST_CASE("char filter: NFKC then folding", "[char_filter]") {
  const Row rows[] = {
      {"كتابي", "کتابی", "Arabic kaf and yeh"},
      {"ﻛﺘﺎﺏ", "کتاب", "presentation forms through NFKC, then kaf folding"},
      {"ﻻ", "لا", "lam-alef ligature"},
      {"ﷲ", "الله", "Allah ligature (alef wasla folded)"},
      {"۱۴۰۴", "1404", "Persian digits"},
      {"٢٠٢٥", "2025", "Arabic-Indic digits"},
      {"۳٫۱۴", "3.14", "Arabic decimal separator"},
      {"۱۲۳٬۴۵۶", "123,456", "Arabic thousands separator"},
      {"اتفاقاً", "اتفاقا", "tanwin removed"},
      {"مُحَمَّد", "محمد", "harakat and shadda removed"},
      {"ایـــران", "ایران", "tatweel removed"},
      {"می\u200Cورزند", "می\u200Cورزند", "ZWNJ kept for the tokenizer"},
      {"\u200Fسلام\u200E", "سلام", "RLM and LRM removed"},
      {"\u202Bمتن\u202C", "متن", "embedding controls removed"},
      {"\xEF\xBB\xBFخبر", "خبر", "BOM removed"},
      {"iPhone NATO", "iphone nato", "Latin case folded"},
      {"ｆｕｌｌ", "full", "fullwidth Latin through NFKC"},
      {"خانۀ", "خانه", "heh with yeh above"},
      {"خانهٔ", "خانه", "heh followed by hamza above mark"},
      {"آب", "اب", "alef with madda"},
      {"مؤسسه", "موسسه", "waw with hamza"},
      {"۱،۲", "1 2", "Arabic comma separates"},
      {"a\xFF"
       "b",
       "a b", "ill-formed UTF-8 becomes a space"},
      {"", "", "empty"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(normalize_string(r.in) == r.out);
  }
}

TEST_CASE("char filter: offsets map every output byte to its original bytes", "[char_filter]") {
  // "كِتاب" : kaf (2 bytes), kasra (2 bytes, removed), teh, alef, beh.
  const std::string original = "\u0643\u0650\u062A\u0627\u0628";
  auto n = normalize_text(original);
  REQUIRE(n.text == "\u06A9\u062A\u0627\u0628");
  REQUIRE(n.origin_start.size() == n.text.size());
  REQUIRE(n.origin_end.size() == n.text.size());
  // Kaf and its kasra form one NFKC segment: bytes [0, 4) of the original.
  CHECK(n.original_range(0, 2) == std::make_pair(0u, 4u));
  // The whole word maps back to the whole original.
  CHECK(n.original_range(0, n.text.size()) == std::make_pair(0u, 10u));
}

TEST_CASE("char filter: a removed invisible mark leaves offsets of what follows intact",
          "[char_filter]") {
  const std::string original =
      "\u200F"
      "ab";  // RLM (3 bytes), then "ab"
  auto n = normalize_text(original);
  REQUIRE(n.text == "ab");
  CHECK(n.original_range(0, 1) == std::make_pair(3u, 4u));
  CHECK(n.original_range(1, 2) == std::make_pair(4u, 5u));
}

TEST_CASE("char filter: a ligature expands, all its bytes map to the ligature", "[char_filter]") {
  const std::string original = "x\uFEFB";  // x + lam-alef ligature (3 bytes)
  auto n = normalize_text(original);
  REQUIRE(n.text == "x\u0644\u0627");
  CHECK(n.original_range(1, n.text.size()) == std::make_pair(1u, 4u));
}
