#include "eval/tsv.h"

namespace kavosh::eval {

std::vector<TsvRow> read_tsv_rows(std::istream& in, const std::string& name) {
  std::vector<TsvRow> rows;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    TsvRow row;
    row.place = name + ":" + std::to_string(number) + ": ";
    for (std::size_t at = 0;;) {
      const std::size_t tab = line.find('\t', at);
      row.fields.push_back(
          line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace kavosh::eval
