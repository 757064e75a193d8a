// Variable-length unsigned integers (7 bits a byte, low bits first, the high
// bit set on every byte but the last), as stored in value slots.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kavosh {

void put_varint32(std::string& out, std::uint32_t v);

// Reads one varint from the front of `in` and removes it. False (and `in`
// left anywhere) when `in` ends inside it or it does not fit in 32 bits.
bool get_varint32(std::string_view& in, std::uint32_t& v);

}  // namespace kavosh
