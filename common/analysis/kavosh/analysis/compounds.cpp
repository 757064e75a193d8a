#include "kavosh/analysis/compounds.h"

#include <string_view>
#include <vector>

#include "kavosh/analysis/affixes.h"
#include "kavosh/analysis/fold.h"
#include "kavosh/util/utf8.h"

namespace kavosh {

namespace {

constexpr std::string_view kZwnj = "\xE2\x80\x8C";  // U+200C ZERO WIDTH NON-JOINER

std::size_t letters(std::string_view s) { return count_code_points(s); }

}  // namespace

namespace {

// The words of `token` between the places its original spelling had a ZWNJ,
// as byte ranges of its text, once affixes written with a ZWNJ (می‌, ‌ها,
// ‌ترین, ‌ی, ...) are put back on their word: a prefix onto the next part, a
// suffix onto the previous one. Empty for a token without a ZWNJ.
// The parts of `token`'s text between the places its original spelling had a
// ZWNJ; empty for a token without a ZWNJ.
std::vector<std::string_view> zwnj_parts(const Token& token) {
  std::vector<std::string_view> parts;
  if (token.zwnj_at.empty() || token.kind != TokenKind::kWord) return parts;
  std::string_view text = token.text;
  std::size_t from = 0;
  for (std::uint32_t at : token.zwnj_at) {
    if (at <= from || at >= text.size()) continue;
    parts.push_back(text.substr(from, at - from));
    from = at;
  }
  parts.push_back(text.substr(from));
  return parts;
}

std::vector<std::pair<std::size_t, std::size_t>> zwnj_words(const Token& token) {
  std::vector<std::pair<std::size_t, std::size_t>> words;
  const std::vector<std::string_view> parts = zwnj_parts(token);
  std::size_t offset = 0;
  bool prefix_pending = false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view p = parts[i];
    const std::size_t begin = offset;
    offset += p.size();
    if (prefix_pending) {
      words.back().second = offset;
      prefix_pending = false;
      continue;
    }
    if (!words.empty() && is_zwnj_suffix(p)) {
      words.back().second = offset;
      continue;
    }
    words.emplace_back(begin, offset);
    prefix_pending = is_detached_prefix(p) && i + 1 < parts.size();
  }
  return words;
}

}  // namespace

std::optional<CompoundSplit> compound_split(const Token& token) {
  const auto words = zwnj_words(token);
  if (words.size() != 2) return std::nullopt;
  const std::string_view text = token.text;
  CompoundSplit split{std::string(text.substr(words[0].first, words[0].second - words[0].first)),
                      std::string(text.substr(words[1].first, words[1].second - words[1].first))};
  if (letters(split.head) < 2 || letters(split.tail) < 2) return std::nullopt;
  return split;
}

std::optional<std::string> affixed_spelling(const Token& token) {
  if (zwnj_words(token).size() != 1) return std::nullopt;
  // The word itself is two letters or more, three after a verb prefix (as
  // the stemmer strips one): می‌ان is میان mistyped, not a verb.
  const std::vector<std::string_view> parts = zwnj_parts(token);
  if (parts.size() < 2) return std::nullopt;
  const bool prefixed = is_detached_prefix(parts[0]);
  if (letters(parts[prefixed ? 1 : 0]) < (prefixed ? 3u : 2u)) return std::nullopt;
  std::string out;
  out.reserve(token.text.size() + kZwnj.size() * token.zwnj_at.size());
  std::size_t from = 0;
  for (std::uint32_t at : token.zwnj_at) {
    if (at <= from || at >= token.text.size()) continue;
    out.append(token.text, from, at - from);
    out.append(kZwnj);
    from = at;
  }
  out.append(token.text, from, std::string::npos);
  return out;
}

std::optional<std::string> letter_spelling(const Token& token, std::string_view source) {
  if (token.kind != TokenKind::kWord || !token.zwnj_at.empty() || token.end > source.size() ||
      token.start > token.end) {
    return std::nullopt;
  }
  const std::string_view written = source.substr(token.start, token.end - token.start);
  if (written == token.text || written.find(' ') != std::string_view::npos ||
      written.find(kZwnj) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string form = shown_form(written);
  if (form == token.text) return std::nullopt;
  return form;
}

}  // namespace kavosh
