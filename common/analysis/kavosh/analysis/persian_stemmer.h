// A light Persian stemmer as a Xapian::StemImplementation.
//
// Input is a word already normalized by the analyzer (folded letters, no ZWNJ,
// detached affixes rejoined). A word in silent ه with its ای or اش
// (هستهای) loses only that; any other word, in this order and at most once each:
//   1. the verb prefixes نمی / می, only before a verb ending (د ند ید یم م ی)
//   2. a plural ending: the ها family (with possessive clitics), ات, ان, and
//      the گان of a participle, which gets its ه back (نمایندگان -> نماینده)
//   3. a comparative ending: ترین, تر
//   4. an adjectival / indefinite ی or یی
// Every strip must leave enough letters (the limits are in persian_stemmer.cpp),
// and words that only look affixed (ایران, تهران, کرمان, تنها, ...) are listed
// as exceptions and never change. Light by design: in news retrieval, merging
// two different words costs more than missing an inflection.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace kavosh {

// The verb prefixes the stemmer strips (rule 1), longest first, normalized
// (folded letters, no ZWNJ). Detached, they are rejoined to the verb after
// them by the token filters (affixes.h).
inline constexpr std::string_view kVerbPrefixes[] = {"نمی", "می"};

// The letters a participle ends in before its ه (شده, آموخته) whose plural
// in گان the stemmer takes back to the participle (rule 2): شدگان, آموختگان.
inline constexpr std::string_view kParticipleLetters[] = {"د", "ت"};

class PersianStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override;
  std::string get_description() const override { return "kavosh-persian"; }
};

}  // namespace kavosh
