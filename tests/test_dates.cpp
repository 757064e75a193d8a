#include <catch2/catch.hpp>

#include <optional>

#include "kavosh/index/dates.h"

TEST_CASE("parse_date: accepted forms", "[dates]") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"2025-11-03", "2025-11-03"},
      {"2025-11-03 09:30:00", "2025-11-03T09:30:00"},
      {"2025-11-03 09:30", "2025-11-03T09:30:00"},
      {"2025-11-03T09:30:00", "2025-11-03T09:30:00"},
      {"2025-11-03T09:30:00.123", "2025-11-03T09:30:00"},
      {"2025-11-03T09:30:00Z", "2025-11-03T09:30:00Z"},
      {"2025-11-03T09:30:00+03:30", "2025-11-03T06:00:00Z"},
      {"2025-11-03T01:00:00+03:30", "2025-11-02T21:30:00Z"},
      {"۲۰۲۵-۱۱-۰۳", "2025-11-03"},
      {"  2024-02-29  ", "2024-02-29"},
      {"1404/10/16", "2026-01-06"},
      {"۱۴۰۴/۱۰/۱۶", "2026-01-06"},
      {"1403/01/01", "2024-03-20"},
      {"1381/9/5", "2002-11-26"},
      {"1404-10-16 08:00:00", "2026-01-06T08:00:00"},
  };
  for (const Row& r : rows) {
    INFO(r.in);
    auto got = kavosh::parse_date(r.in);
    REQUIRE(got.has_value());
    CHECK(*got == r.out);
  }
}

TEST_CASE("parse_date: rejected forms", "[dates]") {
  const char* rows[] = {"",           "yesterday",  "2025-13-01",          "2025-02-30",
                        "2023-02-29", "2025-11-3",  "2025-11-03 25:00:00", "2025-11-03x",
                        "1404/13/01", "0099-01-01", "1404/12/31"};
  for (const char* r : rows) {
    INFO(r);
    CHECK_FALSE(kavosh::parse_date(r).has_value());
  }
}

TEST_CASE("day_number: days from 1970-01-01 of a canonical date", "[dates]") {
  struct Row {
    const char* iso;
    std::optional<int> day;
  };
  const Row rows[] = {
      {"1970-01-01", 0},
      {"1970-01-02", 1},
      {"1969-12-31", -1},
      {"2000-02-29", 11016},
      {"2000-03-01", 11017},
      {"2003-12-31", 12417},
      {"2020-02-29", 18321},
      {"2026-01-05T10:00:00", 20458},
      {"2026-01-05T23:30:00Z", 20458},
      {"0001-01-01", -719162},
      {"2025-02-30", std::nullopt},
      {"2025-13-01", std::nullopt},
      {"0000-01-01", std::nullopt},
      {"2025/01/01", std::nullopt},
      {"", std::nullopt},
  };
  for (const Row& r : rows) {
    INFO(r.iso);
    CHECK(kavosh::day_number(r.iso) == r.day);
  }
}

TEST_CASE("date_sort_key orders by time", "[dates]") {
  CHECK(kavosh::date_sort_key("2025-11-03") == "20251103000000");
  CHECK(kavosh::date_sort_key("2025-11-03T09:30:00Z") == "20251103093000");
  CHECK(kavosh::date_sort_key("2025-11-03") < kavosh::date_sort_key("2025-11-03T09:30:00"));
}
