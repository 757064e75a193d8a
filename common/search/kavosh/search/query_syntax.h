// The syntax of a search box query, before analysis: words, "phrases",
// -exclusions, OR, parentheses, prefix* and field:value. Lenient by design:
// readers rarely type operators, so a stray quote, an unmatched parenthesis
// or a lone "-" never fails; it is read as the most likely intent.
//
//   query   := or
//   or      := and ("OR" and)*
//   and     := unary+                       (implicit: all words, best first)
//   unary   := "-" primary | primary
//   primary := "(" or ")" | field ":" primary | '"' text '"' | word "*" | words
//   field   := title | source | عنوان | منبع
//
// Quotes may be ASCII ", «...» or “...”. Consecutive plain words form one
// kWords node, so that the analyzer sees them together (a detached affix or
// a compound written apart spans two words).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kavosh {

struct QueryNode {
  enum class Kind {
    kWords,   // text: plain words, analyzed together
    kPhrase,  // text: words that must appear in this order, adjacent
    kPrefix,  // text: a word's beginning (word*)
    kAnd,     // children: all (ranked by how many match, see search.cpp)
    kOr,      // children: any
    kNot,     // children[0]: must not match
    kField,   // text: "title" or "source"; children[0]: what the field must match
  };
  Kind kind = Kind::kAnd;
  std::string text;
  std::vector<QueryNode> children;

  bool operator==(const QueryNode& o) const {
    return kind == o.kind && text == o.text && children == o.children;
  }
};

// Parses `text`. Never fails; an empty or operator-only query gives an empty kAnd.
QueryNode parse_query_syntax(std::string_view text);

// A compact rendering for tests and logs: words "a b", phrase "\"a b\"",
// prefix "a*", and/or/not/field as (and ...), (or ...), (not ...), (title ...).
std::string to_string(const QueryNode& node);

}  // namespace kavosh
