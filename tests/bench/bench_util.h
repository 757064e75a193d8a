// What the query benchmarks share: timing a set of queries, printing a row
// of percentiles, and the Hamshahri dev topics as given and respelled.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "eval/hamshahri.h"
#include "eval/respell.h"

namespace kavosh::bench {

struct Figures {
  double p50 = 0, p90 = 0, p99 = 0, qps = 0;
};

// Runs `one(i)` for every query once unmeasured, then `rounds` times measured.
inline Figures measure(std::size_t queries, int rounds,
                       const std::function<void(std::size_t)>& one) {
  using Clock = std::chrono::steady_clock;
  for (std::size_t i = 0; i < queries; ++i) one(i);
  std::vector<double> ms;
  double total = 0;
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < queries; ++i) {
      const auto start = Clock::now();
      one(i);
      const double t = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      ms.push_back(t);
      total += t;
    }
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
  };
  return Figures{at(0.50), at(0.90), at(0.99), total > 0 ? 1000.0 * ms.size() / total : 0};
}

// One row: milliseconds at p50, p90, p99, queries per second, and p50 as a multiple of `base`'s.
inline void row(const char* name, const Figures& f, const Figures* base) {
  std::printf("%-46s %8.2f %8.2f %8.2f %9.1f", name, f.p50, f.p90, f.p99, f.qps);
  if (base != nullptr && base->p50 > 0) std::printf("   %6.1fx", f.p50 / base->p50);
  std::printf("\n");
}

// The topics of `path` as given, then respelled (eval/respell.h); exits on an unreadable file.
inline std::vector<std::string> read_queries(const std::string& path, const char* program) {
  Result<std::vector<eval::Topic>> read = eval::read_topics(path);
  if (!read.ok()) {
    std::fprintf(stderr, "%s: %s\n", program, read.error().message.c_str());
    std::exit(1);
  }
  std::vector<std::string> out;
  for (const auto& t : read.value()) out.push_back(t.query);
  for (const auto& t : read.value()) out.push_back(eval::respell(t.query));
  return out;
}

}  // namespace kavosh::bench
