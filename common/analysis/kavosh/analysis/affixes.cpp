#include "kavosh/analysis/affixes.h"

#include <algorithm>
#include <iterator>

#include "kavosh/analysis/persian_stemmer.h"

namespace kavosh {

namespace {

bool one_of(std::string_view text, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (text == s) return true;
  }
  return false;
}

}  // namespace

bool is_detached_prefix(std::string_view text) {
  return std::find(std::begin(kVerbPrefixes), std::end(kVerbPrefixes), text) !=
         std::end(kVerbPrefixes);
}

bool is_detached_suffix(std::string_view text) {
  return one_of(text, {
                          // plural, with the possessive clitics that follow it
                          "ها",
                          "های",
                          "هایی",
                          "هایم",
                          "هایت",
                          "هایش",
                          "هایمان",
                          "هایتان",
                          "هایشان",
                          // comparative and superlative
                          "تر",
                          "ترین",
                          "تری",
                          "ترها",
                          // verbal clitics (رفته اند, خسته ام), indefinite ای (خانه ای)
                          "ام",
                          "ای",
                          "ایم",
                          "اید",
                          "اند",
                      });
}

bool is_zwnj_suffix(std::string_view text) {
  return is_detached_suffix(text) ||
         one_of(text, {"ی", "یی", "ات", "اش", "مان", "تان", "شان", "اید", "ست"});
}

}  // namespace kavosh
