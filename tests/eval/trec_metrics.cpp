#include "eval/trec_metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace kavosh::eval {

namespace {

// Whether `doc` is relevant and not counted yet at an earlier rank (`seen`
// collects the ids already counted).
bool counts_as_relevant(const std::string& doc, const std::set<std::string>& relevant,
                        std::set<std::string>& seen) {
  return relevant.count(doc) > 0 && seen.insert(doc).second;
}

// Discount of the 1-based rank i: 1 / log2(i + 1).
double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

}  // namespace

Result<Qrels> parse_qrels(std::istream& in, const std::string& name) {
  Qrels qrels;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::string qid, iter, doc, rel, extra;
    if (!(fields >> qid)) continue;  // blank line
    const std::string place = name + ":" + std::to_string(line_no) + ": ";
    if (!(fields >> iter >> doc >> rel) || (fields >> extra)) {
      return Error::bad_request(place + "expected 'qid iter docid rel', got '" + line + "'");
    }
    long value = 0;
    const auto [end, ec] = std::from_chars(rel.data(), rel.data() + rel.size(), value);
    if (ec != std::errc() || end != rel.data() + rel.size()) {
      return Error::bad_request(place + "relevance '" + rel + "' is not an integer");
    }
    std::set<std::string>& docs = qrels.relevant[qid];
    if (value > 0) docs.insert(doc);
  }
  if (in.bad()) return Error::internal(name + ": read error");
  return qrels;
}

double average_precision(const Ranking& ranking, const std::set<std::string>& relevant,
                         std::size_t depth) {
  if (relevant.empty()) return 0;
  std::set<std::string> seen;
  double sum = 0;
  std::size_t found = 0;
  const std::size_t n = std::min(depth, ranking.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!counts_as_relevant(ranking[i], relevant, seen)) continue;
    ++found;
    sum += static_cast<double>(found) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(relevant.size());
}

double precision_at(const Ranking& ranking, const std::set<std::string>& relevant, std::size_t k) {
  std::set<std::string> seen;
  std::size_t found = 0;
  const std::size_t n = std::min(k, ranking.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (counts_as_relevant(ranking[i], relevant, seen)) ++found;
  }
  return static_cast<double>(found) / static_cast<double>(k);
}

double ndcg_at(const Ranking& ranking, const std::set<std::string>& relevant, std::size_t k) {
  if (relevant.empty()) return 0;
  std::set<std::string> seen;
  double dcg = 0;
  const std::size_t n = std::min(k, ranking.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (counts_as_relevant(ranking[i], relevant, seen)) dcg += discount(i + 1);
  }
  double ideal = 0;
  const std::size_t ideal_n = std::min(k, relevant.size());
  for (std::size_t i = 0; i < ideal_n; ++i) ideal += discount(i + 1);
  return dcg / ideal;
}

RunScores evaluate(const Qrels& qrels, const Run& run) {
  static const Ranking kNothing;
  RunScores scores;
  for (const auto& [topic, relevant] : qrels.relevant) {
    if (relevant.empty()) continue;
    const auto it = run.find(topic);
    const Ranking& ranking = it == run.end() ? kNothing : it->second;
    TopicScores t;
    t.ap = average_precision(ranking, relevant);
    t.p10 = precision_at(ranking, relevant, 10);
    t.ndcg10 = ndcg_at(ranking, relevant, 10);
    t.relevant = relevant.size();
    t.retrieved = ranking.size();
    scores.map += t.ap;
    scores.p10 += t.p10;
    scores.ndcg10 += t.ndcg10;
    scores.topics.emplace(topic, t);
  }
  if (!scores.topics.empty()) {
    const double n = static_cast<double>(scores.topics.size());
    scores.map /= n;
    scores.p10 /= n;
    scores.ndcg10 /= n;
  }
  return scores;
}

}  // namespace kavosh::eval
