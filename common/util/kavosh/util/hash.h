// Stable hashing: the same value on every platform and in every run, so it can
// be stored in a database (identities, cluster ids) and compared later.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kavosh {

inline constexpr std::uint64_t kFnv1aOffset = 1469598103934665603ULL;

// 64-bit FNV-1a of `bytes`, continuing from `h` (kFnv1aOffset to start).
constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = kFnv1aOffset) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// Spreads the bits of a hash over all 64 (FNV's low bits are weak): for
// sampling by low bits and for taking a hash modulo a small number.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// `h` as 16 lower-case hex digits.
std::string hex64(std::uint64_t h);

// fnv1a64(bytes) as 16 hex digits.
inline std::string stable_hash(std::string_view bytes) { return hex64(fnv1a64(bytes)); }

}  // namespace kavosh
