// What the fuzz targets share: a failed invariant as a crash libFuzzer keeps,
// and a reader of the bytes that steer a target.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// Stops the run with a message when `cond` is false: libFuzzer saves the input.
#define FUZZ_CHECK(cond, what)                                                          \
  do {                                                                                  \
    if (!(cond)) kavosh::fuzz::fail(__FILE__, __LINE__, #cond, std::string_view(what)); \
  } while (0)

namespace kavosh::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* cond, std::string_view what) {
  std::fprintf(stderr, "%s:%d: invariant failed: %s (%.*s)\n", file, line, cond,
               static_cast<int>(what.size()), what.data());
  std::abort();
}

// The fuzz input, read from the front: a few bytes that choose options, then text.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte, 0 when none is left.
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // The bytes up to the next `end` (which is consumed), or all that is left.
  std::string_view until(char end) {
    const std::size_t k = rest_.find(end);
    const std::string_view out = rest_.substr(0, k);
    rest_.remove_prefix(k == std::string_view::npos ? rest_.size() : k + 1);
    return out;
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace kavosh::fuzz
