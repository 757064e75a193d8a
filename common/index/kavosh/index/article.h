// A news article as Kavosh stores it: the original text, never altered.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kavosh/util/status.h"

namespace kavosh {

struct Article {
  std::string id;  // the record's own id, as given
  std::string url;
  std::string title;
  std::string body;
  std::string date;  // canonical ISO 8601 (see dates.h), or empty when unknown
  std::string source;
  std::string category;
  std::vector<std::string> tags;
};

// What reading a record noticed without rejecting it.
struct ArticleWarnings {
  std::vector<std::string> messages;
};

// Builds an Article from one JSON record (`id`, `url`, `title`, `body`, `date`,
// `source`, `category`, `tags`). Fails, naming the field, when the record is
// not an object, a field has the wrong type, or there is no body text.
// An unparseable date is not fatal: it is dropped with a warning.
Result<Article> article_from_json(const nlohmann::json& record, ArticleWarnings* warnings);

// The stored form (Xapian document data) and back.
std::string article_to_data(const Article& article);
Result<Article> article_from_data(const std::string& data);

// The stored form read without a JSON tree (what article_from_data tries
// first): a flat JSON object of string fields and `tags`, an array of
// strings, as article_to_data writes it; unknown string fields are skipped.
// nullopt for anything else (numbers, nested values, bad escapes, trailing
// text), which article_from_data then parses as JSON.
std::optional<Article> read_stored_article(std::string_view data);

}  // namespace kavosh
