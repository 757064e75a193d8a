#include "kavosh/analysis/char_filter.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

#include "kavosh/analysis/fold.h"

namespace kavosh {

namespace {

const icu::Normalizer2& nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
      throw std::runtime_error("ICU NFKC normalizer unavailable");
    }
    return n;
  }();
  return *instance;
}

// Per code point of the Basic Multilingual Plane, computed once: whether NFKC
// can change it on its own (it has a decomposition mapping), and its folded
// form. Normalization is on the indexing hot path; this turns the common case
// into two table lookups.
struct BmpTables {
  std::vector<bool> decomposes = std::vector<bool>(0x10000);
  std::vector<UChar32> folded = std::vector<UChar32>(0x10000);

  BmpTables() {
    const icu::Normalizer2& norm = nfkc();
    icu::UnicodeString decomposition;
    for (UChar32 c = 0; c < 0x10000; ++c) {
      decomposes[static_cast<std::size_t>(c)] =
          c >= 0xA0 && norm.getDecomposition(c, decomposition);
      folded[static_cast<std::size_t>(c)] = fold_code_point(c);
    }
  }
};

const BmpTables& bmp() {
  static const BmpTables tables;
  return tables;
}

class Builder {
 public:
  Builder(NormalizedText& out, bool fold) : out_(out), fold_(fold), tables_(bmp()) {}

  // Appends the folded form of `c`, attributing it to original [from, to).
  void append(UChar32 c, std::uint32_t from, std::uint32_t to) {
    UChar32 f;
    if (!fold_) {
      f = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    } else if (c < 0x10000) {
      f = tables_.folded[static_cast<std::size_t>(c)];
    } else {
      f = fold_code_point(c);
    }
    if (f == kFoldDrop) return;
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(buf, len, U8_MAX_LENGTH, f, error);
    if (error) return;
    out_.text.append(buf, static_cast<std::size_t>(len));
    for (int32_t k = 0; k < len; ++k) {
      out_.origin_start.push_back(from);
      out_.origin_end.push_back(to);
    }
  }

  // True when NFKC leaves `c` unchanged when it stands alone.
  bool nfkc_inert(UChar32 c, icu::UnicodeString& scratch) const {
    if (c < 0xA0) return true;
    if (c < 0x10000) return !tables_.decomposes[static_cast<std::size_t>(c)];
    return !nfkc().getDecomposition(c, scratch);
  }

 private:
  NormalizedText& out_;
  bool fold_;
  const BmpTables& tables_;
};

}  // namespace

NormalizedText normalize_text(std::string_view original, bool fold) {
  NormalizedText out;
  out.text.reserve(original.size());
  out.origin_start.reserve(original.size());
  out.origin_end.reserve(original.size());
  Builder builder(out, fold);
  const icu::Normalizer2& norm = nfkc();

  const auto* s = reinterpret_cast<const uint8_t*>(original.data());
  const auto n = static_cast<int32_t>(original.size());
  int32_t i = 0;
  icu::UnicodeString decomposition;
  while (i < n) {
    // One NFKC segment: a code point plus the following ones that have no
    // normalization boundary before them (combining marks). Segments normalize
    // independently, so each maps to one original range.
    const int32_t seg_start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      builder.append(kFoldSpace, static_cast<std::uint32_t>(seg_start),
                     static_cast<std::uint32_t>(i));
      continue;
    }
    int32_t seg_end = i;
    bool single = true;
    while (seg_end < n) {
      int32_t j = seg_end;
      UChar32 next;
      U8_NEXT(s, j, n, next);
      if (next < 0 || norm.hasBoundaryBefore(next)) break;
      seg_end = j;
      single = false;
    }
    const auto from = static_cast<std::uint32_t>(seg_start);
    const auto to = static_cast<std::uint32_t>(seg_end);
    if (single && builder.nfkc_inert(c, decomposition)) {
      builder.append(c, from, to);  // NFKC leaves a lone undecomposable code point alone
      i = seg_end;
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString segment = icu::UnicodeString::fromUTF8(
        icu::StringPiece(original.data() + seg_start, seg_end - seg_start));
    icu::UnicodeString normalized = norm.normalize(segment, status);
    if (U_FAILURE(status)) normalized = segment;
    for (int32_t k = 0; k < normalized.length();) {
      UChar32 cp = normalized.char32At(k);
      builder.append(cp, from, to);
      k += U16_LENGTH(cp);
    }
    i = seg_end;
  }
  return out;
}

std::string normalize_string(std::string_view original) { return normalize_text(original).text; }

std::unordered_set<std::string> normalized_word_set(const char* const* begin,
                                                    const char* const* end) {
  constexpr std::string_view kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER
  std::unordered_set<std::string> set;
  for (const char* const* w = begin; w != end; ++w) {
    std::string n = normalize_string(*w);
    for (auto at = n.find(kZwnj); at != std::string::npos; at = n.find(kZwnj)) {
      n.erase(at, kZwnj.size());
    }
    set.insert(std::move(n));
  }
  return set;
}

}  // namespace kavosh
