#include "kavosh/index/near_duplicates.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>
#include <unordered_map>

#include "kavosh/index/schema.h"
#include "kavosh/util/hash.h"

namespace kavosh {

namespace {

// Spreads the bits of a shingle hash (FNV's low bits are weak).
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

// Bit b of v, for b in 0..7, as byte b of the result: eight byte-wide
// counters advanced at once.
constexpr std::array<std::uint64_t, 256> make_byte_spread() {
  std::array<std::uint64_t, 256> table{};
  for (unsigned v = 0; v < 256; ++v) {
    for (unsigned b = 0; b < 8; ++b) {
      if (v & (1u << b)) table[v] |= std::uint64_t{1} << (8 * b);
    }
  }
  return table;
}
constexpr std::array<std::uint64_t, 256> kByteSpread = make_byte_spread();

}  // namespace

std::optional<std::uint64_t> simhash(const std::vector<Token>& tokens) {
  if (tokens.size() < kMinShingles + 2) return std::nullopt;
  // ones[b] counts the shingles whose hash has bit b set; a bit of the
  // signature is set when more than half of the shingles have it. The
  // counting runs in byte lanes (lanes[k] holds the counters of bits 8k to
  // 8k+7), emptied into `ones` before a lane can overflow.
  std::uint64_t ones[64] = {};
  std::uint64_t lanes[8] = {};
  std::size_t shingles = 0;
  std::size_t in_lanes = 0;
  auto empty_lanes = [&] {
    for (int k = 0; k < 8; ++k) {
      for (int b = 0; b < 8; ++b) ones[8 * k + b] += (lanes[k] >> (8 * b)) & 0xFF;
      lanes[k] = 0;
    }
    in_lanes = 0;
  };
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    std::uint64_t h = fnv1a64(tokens[i].stem);
    h = fnv1a64("\x1f", h);
    h = fnv1a64(tokens[i + 1].stem, h);
    h = fnv1a64("\x1f", h);
    h = mix(fnv1a64(tokens[i + 2].stem, h));
    for (int k = 0; k < 8; ++k) lanes[k] += kByteSpread[(h >> (8 * k)) & 0xFF];
    ++shingles;
    if (++in_lanes == 255) empty_lanes();
  }
  empty_lanes();
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (2 * ones[b] > shingles) out |= (std::uint64_t{1} << b);
  }
  return out;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) { return __builtin_popcountll(a ^ b); }

std::string encode_simhash(std::uint64_t h) { return hex64(h); }

std::optional<std::uint64_t> decode_simhash(const std::string& value) {
  if (value.size() != 16 || value.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoull(value, nullptr, 16);
}

std::vector<std::string> band_terms(std::uint64_t h) {
  std::vector<std::string> terms;
  for (int band = 0; band < 4; ++band) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%d%04x", band,
                  static_cast<unsigned>((h >> (16 * band)) & 0xFFFF));
    terms.push_back(std::string(schema::kPrefixDupBand) + buf);
  }
  return terms;
}

namespace {

// Every article's SimHash, in docid order.
struct Signatures {
  std::vector<Xapian::docid> ids;
  std::vector<std::uint64_t> hashes;
};

Signatures read_signatures(const Xapian::Database& db) {
  Signatures out;
  for (Xapian::ValueIterator v = db.valuestream_begin(schema::kSlotSimhash);
       v != db.valuestream_end(schema::kSlotSimhash); ++v) {
    if (std::optional<std::uint64_t> h = decode_simhash(*v)) {
      out.ids.push_back(v.get_docid());
      out.hashes.push_back(*h);
    }
  }
  return out;
}

// Unites the signatures within kMaxDistance bits: candidates share a band,
// so sort by each band in turn and compare within equal runs.
void unite_near(const std::vector<std::uint64_t>& hashes, UnionFind& clusters) {
  std::vector<std::size_t> order(hashes.size());
  for (int band = 0; band < 4; ++band) {
    auto key = [&](std::size_t i) { return (hashes[i] >> (16 * band)) & 0xFFFF; };
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    for (std::size_t start = 0; start < order.size();) {
      std::size_t end = start + 1;
      while (end < order.size() && key(order[end]) == key(order[start])) ++end;
      // A run of equal bands is short for real text (16 random bits); a
      // pathological one is compared within a window to stay near-linear.
      constexpr std::size_t kWindow = 256;
      for (std::size_t i = start; i < end; ++i) {
        for (std::size_t j = i + 1; j < end && j <= i + kWindow; ++j) {
          if (hamming_distance(hashes[order[i]], hashes[order[j]]) <= kMaxDistance) {
            clusters.unite(order[i], order[j]);
          }
        }
      }
      start = end;
    }
  }
}

// The cluster id of a cluster whose first article is `doc`: the hash of its unique term.
std::string cluster_id(const Xapian::Document& doc) {
  std::string unique;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (schema::has_prefix(*t, schema::kPrefixUnique)) {
      unique = *t;
      break;
    }
  }
  return stable_hash(unique);
}

}  // namespace

Result<ClusterPlan> plan_clusters(const Xapian::Database& db) {
  ClusterPlan plan;
  ClusterStats& stats = plan.stats;
  try {
    const Signatures sig = read_signatures(db);
    const std::vector<Xapian::docid>& ids = sig.ids;
    stats.documents = ids.size();
    UnionFind clusters(ids.size());
    unite_near(sig.hashes, clusters);

    // Cluster sizes, then the value each article should carry.
    std::vector<std::size_t> size(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i) ++size[clusters.find(i)];
    std::vector<std::string> root_value(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (clusters.find(i) != i || size[i] < 2) continue;
      ++stats.clusters;
      root_value[i] = cluster_id(db.get_document(ids[i]));
    }
    // Current values, to rewrite only the articles whose cluster changed.
    std::unordered_map<Xapian::docid, std::string> current;
    for (Xapian::ValueIterator v = db.valuestream_begin(schema::kSlotCluster);
         v != db.valuestream_end(schema::kSlotCluster); ++v) {
      current.emplace(v.get_docid(), *v);
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::size_t root = clusters.find(i);
      std::string want = size[root] >= 2 ? root_value[root] : std::string();
      if (!want.empty()) ++stats.members;
      const auto it = current.find(ids[i]);
      const std::string have = it == current.end() ? std::string() : it->second;
      if (have != want) plan.changes.emplace_back(ids[i], std::move(want));
    }
    stats.updated = plan.changes.size();
  } catch (const Xapian::Error& e) {
    return Error::internal("near-duplicate clustering failed: " + e.get_description());
  }
  return plan;
}

}  // namespace kavosh
