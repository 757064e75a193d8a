// Retrieval-quality metrics with trec_eval's definitions, over relevance
// judgments (qrels) and ranked runs held in memory.
#pragma once

#include <cstddef>
#include <istream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kavosh/util/status.h"

namespace kavosh::eval {

// The ranking cut trec_eval applies to every run (its -M default).
inline constexpr std::size_t kRunDepth = 1000;

// Relevance judgments. Every topic named in the qrels has an entry; its set
// holds the documents judged relevant (rel > 0) and may be empty when the
// topic was judged with no relevant document.
struct Qrels {
  std::map<std::string, std::set<std::string>> relevant;  // topic id -> doc ids
};

// Parses TREC qrels lines "qid iter docid rel" (whitespace separated; iter is
// ignored; rel an integer, > 0 meaning relevant). Blank lines are skipped.
// `name` prefixes error messages as "name:line: ...".
Result<Qrels> parse_qrels(std::istream& in, const std::string& name);

// A ranking: document ids, best first.
using Ranking = std::vector<std::string>;
// A run: topic id -> ranking. A topic absent from the run retrieved nothing.
using Run = std::map<std::string, Ranking>;

// In the three metrics below only the first occurrence of a document counts
// (a repeated id is non-relevant), as no relevant document is counted twice.

// Average precision of `ranking` cut at `depth`: the sum of the precision at
// the rank of each relevant document retrieved, divided by |relevant|.
// 0 when `relevant` is empty.
double average_precision(const Ranking& ranking, const std::set<std::string>& relevant,
                         std::size_t depth = kRunDepth);

// Relevant documents among the first k, divided by k (ranks past the end of
// the ranking count as non-relevant). REQUIRES: k > 0.
double precision_at(const Ranking& ranking, const std::set<std::string>& relevant,
                    std::size_t k = 10);

// nDCG at k with binary gain (trec_eval's ndcg_cut_k): DCG = sum over ranks
// i = 1..k of rel_i / log2(i + 1), divided by the DCG of an ideal ranking of
// min(k, |relevant|) relevant documents. 0 when `relevant` is empty.
// REQUIRES: k > 0.
double ndcg_at(const Ranking& ranking, const std::set<std::string>& relevant, std::size_t k = 10);

struct TopicScores {
  double ap = 0;
  double p10 = 0;
  double ndcg10 = 0;
  std::size_t relevant = 0;   // relevant documents in the qrels
  std::size_t retrieved = 0;  // length of the ranking, before the depth cut
};

struct RunScores {
  std::map<std::string, TopicScores> topics;  // every evaluated topic
  double map = 0;                             // means over `topics`
  double p10 = 0;
  double ndcg10 = 0;
};

// Scores `run` against `qrels`. The evaluated topics are those of the qrels
// with at least one relevant document; a topic the run lacks scores 0, and
// run topics absent from the qrels are ignored (trec_eval -c). The means are
// 0 when no topic is evaluated.
RunScores evaluate(const Qrels& qrels, const Run& run);

}  // namespace kavosh::eval
