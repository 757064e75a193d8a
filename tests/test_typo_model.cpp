// The typo model (search/typo_model.h): which words are one slip away from a
// word, and what each slip costs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "kavosh/search/typo_model.h"

namespace {

// The cost of `meant` among the neighbours of `typed`, or -1 when it is not one.
double cost_of(const std::string& typed, const std::string& meant) {
  for (const kavosh::TypoNeighbour& n : kavosh::typo_neighbours(typed)) {
    if (n.word == meant) return n.cost;
  }
  return -1;
}

}  // namespace

TEST_CASE("typo model: each kind of slip, at its cost", "[typo_model]") {
  struct Row {
    const char* typed;
    const char* meant;
    double cost;
    const char* why;
  };
  const Row rows[] = {
      {"زعیف", "ضعیف", kavosh::kLikelySlip, "ز for ض: they sound alike"},
      {"سحبت", "صحبت", kavosh::kLikelySlip, "س for ص"},
      {"تهران", "طهران", kavosh::kLikelySlip, "ت and ط"},
      {"ابور", "عبور", kavosh::kLikelySlip, "ا for ع"},
      {"بهرام", "بحرام", kavosh::kLikelySlip, "ه and ح"},
      {"غانون", "قانون", kavosh::kLikelySlip, "غ for ق"},
      {"بیروزی", "پیروزی", kavosh::kLikelySlip, "ب for پ: the dots dropped"},
      {"جهار", "چهار", kavosh::kLikelySlip, "ج for چ"},
      {"کزارش", "گزارش", kavosh::kLikelySlip, "ک for گ"},
      {"سهر", "شهر", kavosh::kLikelySlip, "س for ش"},
      {"پرسپولیسس", "پرسپولیس", kavosh::kLikelySlip, "a letter typed twice"},
      {"پرسپولس", "پرسپولیس", kavosh::kMissingOrExtra, "a letter left out"},
      {"بهدشت", "بهداشت", kavosh::kMissingOrExtra, "alef left out"},
      {"ورزشگاهی", "ورزشگاه", kavosh::kMissingOrExtra, "a letter too many"},
      {"نخستوزیز", "نخستوزیر", kavosh::kKeyboardSlip, "ز beside ر on the keyboard"},
      {"فوتبلا", "فوتبال", kavosh::kKeyboardSlip, "two letters swapped"},
      {"مجلص", "مجلس", kavosh::kLikelySlip, "ص and س sound alike (and are neighbours)"},
      {"کتاف", "کتاب", kavosh::kOtherLetter, "any other letter"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.typed << " -> " << r.meant);
    CHECK(cost_of(r.typed, r.meant) == r.cost);
  }
}

TEST_CASE("typo model: the neighbours are each word once, never the word", "[typo_model]") {
  const std::string word = "کتاب";
  const std::vector<kavosh::TypoNeighbour> n = kavosh::typo_neighbours(word);
  std::set<std::string> seen;
  for (const auto& x : n) {
    CHECK(x.word != word);
    CHECK(seen.insert(x.word).second);
    CHECK(x.cost > 0);
    CHECK(x.cost <= kavosh::kOtherLetter);
  }
  // 4 letters, 32 in the alphabet: 4 left out, 4 x 31 changed, 3 swapped,
  // 5 x 32 added, less the ones that coincide.
  CHECK(n.size() > 250);
  CHECK(n.size() <= 4 + 4 * 31 + 3 + 5 * 32);
  // Words not of Persian letters have none (digits, Latin, a ZWNJ).
  CHECK(kavosh::typo_neighbours("iran").empty());
  CHECK(kavosh::typo_neighbours("۱۴۰۴").empty());
  CHECK(kavosh::typo_neighbours("می\u200cرود").empty());
  CHECK(kavosh::typo_neighbours("").empty());
}

TEST_CASE("typo model: substitution costs are symmetric within a group", "[typo_model]") {
  const char32_t pairs[][2] = {{U'ز', U'ظ'}, {U'س', U'ث'}, {U'ب', U'پ'}, {U'ک', U'گ'},
                               {U'ر', U'ز'}, {U'ی', U'ب'}, {U'ف', U'ب'}};
  for (const auto& p : pairs) {
    CHECK(kavosh::substitution_cost(p[0], p[1]) == kavosh::substitution_cost(p[1], p[0]));
  }
  CHECK(kavosh::substitution_cost(U'ر', U'ر') == 0);
  CHECK(kavosh::substitution_cost(U'ی', U'ب') == kavosh::kKeyboardSlip);
  CHECK(kavosh::substitution_cost(U'ف', U'ب') == kavosh::kOtherLetter);
}

TEST_CASE("typo model: a word cut in two", "[typo_model]") {
  using Splits = std::vector<std::pair<std::string, std::string>>;
  CHECK(kavosh::word_splits("لیگقهرمانان") == Splits{{"لی", "گقهرمانان"},
                                                     {"لیگ", "قهرمانان"},
                                                     {"لیگق", "هرمانان"},
                                                     {"لیگقه", "رمانان"},
                                                     {"لیگقهر", "مانان"},
                                                     {"لیگقهرم", "انان"},
                                                     {"لیگقهرما", "نان"},
                                                     {"لیگقهرمان", "ان"}});
  CHECK(kavosh::word_splits("abc").empty());
  CHECK(kavosh::word_splits("abcd") == Splits{{"ab", "cd"}});
  CHECK(kavosh::word_splits("abcd", 1).size() == 3);
}
