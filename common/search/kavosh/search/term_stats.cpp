#include "kavosh/search/term_stats.h"

namespace kavosh {

std::unordered_map<std::string, Xapian::doccount> term_frequencies(
    const Xapian::Database& db, const std::vector<std::string>& terms, bool remote) {
  std::unordered_map<std::string, Xapian::doccount> out;
  if (!remote) {
    for (const std::string& t : terms) out.emplace(t, db.get_termfreq(t));
    return out;
  }
  std::vector<Xapian::Query> leaves;
  for (const std::string& t : terms) {
    if (!t.empty()) leaves.emplace_back(t);
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet stats = enquire.get_mset(0, 0);
  for (const std::string& t : terms) out.emplace(t, t.empty() ? 0 : stats.get_termfreq(t));
  return out;
}

}  // namespace kavosh
