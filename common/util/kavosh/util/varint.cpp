#include "kavosh/util/varint.h"

namespace kavosh {

void put_varint32(std::string& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint32(std::string_view& in, std::uint32_t& v) {
  v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (in.empty()) return false;
    const auto c = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    if (shift == 28 && c > 0x0F) return false;  // beyond 32 bits
    v |= static_cast<std::uint32_t>(c & 0x7F) << shift;
    if ((c & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace kavosh
