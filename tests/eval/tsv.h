// The tab-separated files of our evaluation sets (known_items/, spelling/):
// one row per line, '#' lines and blank lines skipped, a CR before the
// newline dropped.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace kavosh::eval {

struct TsvRow {
  std::string place;  // "name:line: ", for messages
  std::vector<std::string> fields;
};

std::vector<TsvRow> read_tsv_rows(std::istream& in, const std::string& name);

}  // namespace kavosh::eval
