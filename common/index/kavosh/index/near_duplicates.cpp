#include "kavosh/index/near_duplicates.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <unordered_map>

#include "kavosh/analysis/stop_words.h"
#include "kavosh/index/schema.h"
#include "kavosh/util/hash.h"
#include "kavosh/util/varint.h"

namespace kavosh {

namespace {

std::uint32_t mix32(std::uint64_t x) { return static_cast<std::uint32_t>(mix64(x)); }

// The Bloom filter's probes: kProbes bits of `bits` (a power of two) for a word hash.
constexpr int kProbes = 3;
template <typename F>
void for_each_probe(std::uint32_t word, std::size_t bits, F&& f) {
  const std::uint64_t x = mix64(word);
  const std::uint64_t h1 = x & 0xFFFFFFFFu, h2 = (x >> 32) | 1;
  for (int k = 0; k < kProbes; ++k) f(static_cast<std::size_t>((h1 + k * h2) & (bits - 1)));
}

// A word that tells stories apart: no function word, no number.
bool is_content_word(const Token& t) { return t.kind == TokenKind::kWord && !is_stop_word(t.text); }

// What a token contributes to a shingle: its stem (digits are folded).
std::string_view word_of(const Token& t) { return t.stem.empty() ? t.text : t.stem; }

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

constexpr std::uint32_t level_mask(unsigned level) {
  return level >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << level) - 1;
}

std::size_t count_at(const std::vector<std::uint32_t>& hashes, unsigned level) {
  const std::uint32_t mask = level_mask(level);
  return static_cast<std::size_t>(std::count_if(
      hashes.begin(), hashes.end(), [mask](std::uint32_t h) { return (h & mask) == 0; }));
}

// |a ∩ b| of two sorted lists, counting only hashes of the sample at `level`.
std::size_t shared_at(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
                      unsigned level) {
  const std::uint32_t mask = level_mask(level);
  std::size_t shared = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      if ((*i & mask) == 0) ++shared;
      ++i;
      ++j;
    }
  }
  return shared;
}

// Share of the smaller of two sorted lists found in the other.
double overlap(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  const std::size_t smaller = std::min(a.size(), b.size());
  return smaller == 0 ? 0.0 : static_cast<double>(shared_at(a, b, 0)) / smaller;
}

constexpr std::uint8_t kFingerprintVersion = 1;

void put_list(std::string& out, const std::vector<std::uint32_t>& v) {
  put_varint32(out, static_cast<std::uint32_t>(v.size()));
  for (std::uint32_t h : v) {
    for (int b = 0; b < 4; ++b) out.push_back(static_cast<char>((h >> (8 * b)) & 0xFF));
  }
}

bool get_list(std::string_view& in, std::vector<std::uint32_t>& v) {
  std::uint32_t n = 0;
  if (!get_varint32(in, n) || in.size() / 4 < n) return false;
  v.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t h = 0;
    for (int b = 0; b < 4; ++b)
      h |= std::uint32_t{static_cast<unsigned char>(in[4 * i + b])} << (8 * b);
    v[i] = h;
  }
  in.remove_prefix(4 * std::size_t{n});
  return std::is_sorted(v.begin(), v.end()) && std::adjacent_find(v.begin(), v.end()) == v.end();
}

}  // namespace

std::uint32_t word_hash(std::string_view stem) { return mix32(fnv1a64(stem)); }

bool Fingerprint::may_contain(std::uint32_t hash) const {
  if (words.empty()) return false;
  bool all = true;
  for_each_probe(hash, 64 * words.size(),
                 [&](std::size_t bit) { all = all && ((words[bit / 64] >> (bit % 64)) & 1); });
  return all;
}

std::optional<Fingerprint> fingerprint(const std::vector<Token>& title,
                                       const std::vector<Token>& body, std::int32_t day) {
  if (body.size() < kMinShingles + kShingleWords - 1) return std::nullopt;
  Fingerprint f;
  f.day = day;
  // Each word hashed once; a shingle's hash combines its words' in order.
  std::vector<std::uint64_t> word(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) word[i] = fnv1a64(word_of(body[i]));
  std::vector<std::uint32_t> all;
  all.reserve(body.size());
  for (std::size_t i = 0; i + kShingleWords <= body.size(); ++i) {
    std::uint64_t h = word[i];
    for (std::size_t k = 1; k < kShingleWords; ++k) h = mix64(h) ^ word[i + k];
    all.push_back(mix32(h));
  }
  f.shingles = static_cast<std::uint32_t>(all.size());
  sort_unique(all);
  while (count_at(all, f.level) > kMaxSampled) ++f.level;
  const std::uint32_t mask = level_mask(f.level);
  for (std::uint32_t h : all) {
    if ((h & mask) == 0) f.body.push_back(h);
  }
  std::vector<std::uint32_t> words;
  for (const std::vector<Token>* part : {&title, &body}) {
    for (const Token& t : *part) {
      if (is_content_word(t)) {
        words.push_back(word_hash(word_of(t)));
        if (part == &title) f.title.push_back(words.back());
      } else if (t.kind == TokenKind::kNumber) {
        f.numbers.push_back(mix32(fnv1a64(t.text)));
        if (part == &title) f.title_numbers.push_back(f.numbers.back());
      }
    }
  }
  sort_unique(f.title);
  sort_unique(f.title_numbers);
  sort_unique(words);
  // About 8 bits a word, a power of two between 64 and kMaxWordBits.
  std::size_t bits = 64;
  while (bits < 8 * words.size() && bits < kMaxWordBits) bits *= 2;
  f.words.assign(bits / 64, 0);
  for (std::uint32_t w : words) {
    for_each_probe(w, bits,
                   [&](std::size_t bit) { f.words[bit / 64] |= std::uint64_t{1} << (bit % 64); });
  }
  sort_unique(f.numbers);
  return f;
}

std::string encode_fingerprint(const Fingerprint& f) {
  std::string out;
  out.reserve(24 +
              4 * (f.body.size() + f.title.size() + f.title_numbers.size() + f.numbers.size()) +
              8 * f.words.size());
  out.push_back(static_cast<char>(kFingerprintVersion));
  out.push_back(static_cast<char>(f.level));
  put_varint32(out, static_cast<std::uint32_t>(f.day));
  put_varint32(out, f.shingles);
  put_list(out, f.body);
  put_list(out, f.title);
  put_list(out, f.title_numbers);
  put_list(out, f.numbers);
  put_varint32(out, static_cast<std::uint32_t>(f.words.size()));
  for (std::uint64_t w : f.words) {
    for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>((w >> (8 * b)) & 0xFF));
  }
  return out;
}

std::optional<Fingerprint> decode_fingerprint(std::string_view in) {
  if (in.size() < 2 || static_cast<std::uint8_t>(in[0]) != kFingerprintVersion) return std::nullopt;
  Fingerprint f;
  f.level = static_cast<std::uint8_t>(in[1]);
  in.remove_prefix(2);
  std::uint32_t day = 0;
  std::uint32_t words = 0;
  if (f.level > 32 || !get_varint32(in, day) || !get_varint32(in, f.shingles) ||
      !get_list(in, f.body) || !get_list(in, f.title) || !get_list(in, f.title_numbers) ||
      !get_list(in, f.numbers) || !get_varint32(in, words) || in.size() != 8 * std::size_t{words} ||
      (words & (words - 1)) != 0) {
    return std::nullopt;
  }
  f.words.resize(words);
  for (std::uint32_t i = 0; i < words; ++i) {
    std::uint64_t w = 0;
    for (int b = 0; b < 8; ++b)
      w |= std::uint64_t{static_cast<unsigned char>(in[8 * i + b])} << (8 * b);
    f.words[i] = w;
  }
  f.day = static_cast<std::int32_t>(day);
  return f;
}

Comparison near_duplicate(const Fingerprint& a, const Fingerprint& b) {
  Comparison c;
  const unsigned level = std::max(a.level, b.level);
  const std::size_t na = count_at(a.body, level), nb = count_at(b.body, level);
  c.compared = std::min(na, nb);
  c.larger = std::max(na, nb);
  if (c.compared > 0) {
    c.containment = static_cast<double>(shared_at(a.body, b.body, level)) / c.compared;
  }
  c.title = overlap(a.title, b.title);
  // The share of `x`'s headline words that `y` may contain.
  auto covered = [](const Fingerprint& x, const Fingerprint& y) {
    if (x.title.empty()) return 1.0;
    std::size_t found = 0;
    for (std::uint32_t w : x.title) found += y.may_contain(w) ? 1 : 0;
    return static_cast<double>(found) / x.title.size();
  };
  c.coverage = std::min(covered(a, b), covered(b, a));
  c.headline_numbers_differ = !a.title_numbers.empty() && !b.title_numbers.empty() &&
                              overlap(a.title_numbers, b.title_numbers) < 1.0;
  if (std::min(a.numbers.size(), b.numbers.size()) >= kMinNumbersCompared) {
    c.numbers = overlap(a.numbers, b.numbers);
  }
  if (a.day != 0 && b.day != 0) c.days_apart = std::abs(a.day - b.day);

  const bool close_in_time = c.days_apart < 0 || c.days_apart <= kMaxDaysApart;
  const bool same_numbers = c.numbers >= kMinNumbersShared && !c.headline_numbers_differ;
  const bool same_story = c.coverage >= kMinHeadlineCoverage;
  const bool same_text = c.containment >= kCopyContainment ||
                         (c.containment >= kEditedCopyContainment && c.title >= kEditedCopyTitle);
  c.copy_but_coverage = c.compared >= kMinCompared && close_in_time && same_numbers && same_text;
  c.copy = c.copy_but_coverage && same_story;
  return c;
}

namespace {

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

// Every article's fingerprint, in docid order, without its word filter
// (Fingerprint::words, half of it: read again for the pairs that need it).
struct Fingerprints {
  std::vector<Xapian::docid> ids;
  std::vector<Fingerprint> prints;
};

Fingerprints read_fingerprints(const Xapian::Database& db) {
  Fingerprints out;
  for (Xapian::ValueIterator v = db.valuestream_begin(schema::kSlotDupFingerprint);
       v != db.valuestream_end(schema::kSlotDupFingerprint); ++v) {
    if (std::optional<Fingerprint> f = decode_fingerprint(*v)) {
      std::vector<std::uint64_t>().swap(f->words);
      out.ids.push_back(v.get_docid());
      out.prints.push_back(std::move(*f));
    }
  }
  return out;
}

// Whether articles `a` and `b` of `all` are copies: first without their
// word filters, then, if that passes, with their whole fingerprints.
bool copies(const Xapian::Database& db, const Fingerprints& all, std::size_t a, std::size_t b) {
  if (!near_duplicate(all.prints[a], all.prints[b]).copy_but_coverage) return false;
  const std::optional<Fingerprint> fa =
      decode_fingerprint(db.get_document(all.ids[a]).get_value(schema::kSlotDupFingerprint));
  const std::optional<Fingerprint> fb =
      decode_fingerprint(db.get_document(all.ids[b]).get_value(schema::kSlotDupFingerprint));
  return fa && fb && near_duplicate(*fa, *fb).copy;
}

// Verifies the articles that share a sampled shingle and unites the copies.
// Each (hash, article) key is sorted by hash; within a run of one hash every
// article is compared with the next kWindow ones. A shingle in more than
// kMaxShingleArticles articles is boilerplate (a source line, a standard
// sentence) and proposes no candidates: copies share rarer ones too. The
// keys are made and sorted an eighth of the hash range at a time (a key
// takes 8 bytes, 128 a fingerprint): the clusters do not depend on the order
// in which copies are found.
void unite_copies(const Xapian::Database& db, const Fingerprints& all, UnionFind& clusters,
                  ClusterStats& stats) {
  const std::vector<Fingerprint>& prints = all.prints;
  constexpr std::size_t kWindow = 32;
  constexpr std::size_t kMaxShingleArticles = 100;
  constexpr unsigned kParts = 8;
  std::vector<std::uint64_t> keys;
  for (unsigned part = 0; part < kParts; ++part) {
    keys.clear();
    for (std::size_t i = 0; i < prints.size(); ++i) {
      for (std::uint32_t h : prints[i].body) {
        if (h >> 29 == part) keys.push_back((std::uint64_t{h} << 32) | i);
      }
    }
    std::sort(keys.begin(), keys.end());
    for (std::size_t start = 0; start < keys.size();) {
      std::size_t end = start + 1;
      while (end < keys.size() && (keys[end] >> 32) == (keys[start] >> 32)) ++end;
      for (std::size_t i = start; i < end && end - start <= kMaxShingleArticles; ++i) {
        const std::size_t a = static_cast<std::uint32_t>(keys[i]);
        for (std::size_t j = i + 1; j < end && j <= i + kWindow; ++j) {
          const std::size_t b = static_cast<std::uint32_t>(keys[j]);
          if (clusters.find(a) == clusters.find(b)) continue;
          ++stats.candidates;
          if (copies(db, all, a, b)) clusters.unite(a, b);
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
    const Fingerprints all = read_fingerprints(db);
    const std::vector<Xapian::docid>& ids = all.ids;
    stats.documents = ids.size();
    UnionFind clusters(ids.size());
    unite_copies(db, all, clusters, stats);

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
    std::vector<std::size_t> slot_of_root(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (root_value[i].empty()) continue;
      slot_of_root[i] = plan.clusters.size();
      plan.clusters.emplace_back(root_value[i], std::vector<Xapian::docid>{});
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::size_t root = clusters.find(i);
      std::string want = size[root] >= 2 ? root_value[root] : std::string();
      if (!want.empty()) {
        ++stats.members;
        plan.clusters[slot_of_root[root]].second.push_back(ids[i]);
      }
      const auto it = current.find(ids[i]);
      const std::string have = it == current.end() ? std::string() : it->second;
      if (have != want) plan.changes.emplace_back(ids[i], std::move(want));
    }
    // An article that lost its fingerprint (re-indexed shorter) leaves its cluster.
    for (const auto& [id, value] : current) {
      if (!value.empty() && !std::binary_search(ids.begin(), ids.end(), id)) {
        plan.changes.emplace_back(id, std::string());
      }
    }
    stats.updated = plan.changes.size();
  } catch (const Xapian::Error& e) {
    return Error::internal("near-duplicate clustering failed: " + e.get_description());
  }
  return plan;
}

std::string encode_cluster_members(const std::vector<ClusterMember>& members) {
  std::string out;
  for (const ClusterMember& m : members) {
    put_varint32(out, m.docid);
    put_varint32(out, static_cast<std::uint32_t>(m.id.size()));
    out += m.id;
  }
  return out;
}

std::optional<std::vector<ClusterMember>> decode_cluster_members(std::string_view in) {
  std::vector<ClusterMember> out;
  while (!in.empty()) {
    ClusterMember m;
    std::uint32_t size = 0;
    if (!get_varint32(in, m.docid) || m.docid == 0 || !get_varint32(in, size) || in.size() < size) {
      return std::nullopt;
    }
    m.id.assign(in.substr(0, size));
    in.remove_prefix(size);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kavosh
