#include <catch2/catch.hpp>

#include "kavosh/analysis/stemmer.h"

TEST_CASE("stemmer: Latin words are English-stemmed, others kept", "[stemmer]") {
  kavosh::Stemmer stemmer;
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"running", "run"},   {"elections", "elect"}, {"nato", "nato"},         {"ایران", "ایران"},
      {"کتابها", "کتابها"}, {"2025", "2025"},       {"iphone15", "iphone15"},
  };
  for (const Row& r : rows) {
    INFO(r.in);
    CHECK(stemmer.stem(r.in) == r.out);
  }
}

TEST_CASE("is_latin_word", "[stemmer]") {
  CHECK(kavosh::is_latin_word("nato"));
  CHECK(kavosh::is_latin_word("covid19"));
  CHECK_FALSE(kavosh::is_latin_word("1404"));
  CHECK_FALSE(kavosh::is_latin_word("کتاب"));
  CHECK_FALSE(kavosh::is_latin_word("caf\xC3\xA9"));
}
