// Turning an Article into a Xapian document, following schema.h.
#pragma once

#include <xapian.h>

#include <string>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/article.h"

namespace kavosh {

// The identity of an article: an id is unique only within its source, so the
// key is (source, id) when the record has an id, else its URL, else a hash of
// its title and body. Ids compare after the analyzer's folding, so ۱۲۳ and 123
// are one id.
std::string unique_key(const Article& article);

// The unique "Q" term for `unique_key(article)`, hashed when too long for Xapian.
std::string unique_term(const Article& article);

// The Xapian document for `article`: positional word terms, stem terms,
// title terms, boolean filter terms, value slots, and the article as data.
Xapian::Document build_document(const Article& article, Analyzer& analyzer);

// The boolean filter term for a source name (normalized with the analyzer's
// folding, so a filter typed with Arabic letters still matches).
std::string source_term(const std::string& source);

// 64-bit FNV-1a of `bytes`, as 16 hex digits (stable across platforms).
std::string stable_hash(const std::string& bytes);

}  // namespace kavosh
