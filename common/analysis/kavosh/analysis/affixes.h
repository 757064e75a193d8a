// Persian affixes that spellings write apart from their word, with a space or
// a ZWNJ. Normalized forms (fold.h letters, no ZWNJ).
#pragma once

#include <string_view>

namespace kavosh {

// Verb prefixes: می, نمی.
bool is_detached_prefix(std::string_view text);

// Suffixes that may stand after a space and are never words of their own:
// the plural family (ها های هایی هایم ... هایشان), comparatives (تر ترین تری
// ترها) and verbal clitics (ام ای ایم اید اند). Excludes شان, مان, تان, است,
// which are also words (شأن folds to شان).
bool is_detached_suffix(std::string_view text);

// Suffixes that may follow a ZWNJ: the detached ones, plus the ezafe / indefinite
// ی and the pronominal clitics (ات اش مان تان شان), unambiguous after a ZWNJ.
bool is_zwnj_suffix(std::string_view text);

}  // namespace kavosh
