#include "kavosh/index/article.h"

#include <nlohmann/json.hpp>

#include "kavosh/index/dates.h"

namespace kavosh {

namespace {

using nlohmann::json;

// Reads an optional text field; numbers are accepted for ids and dates.
Result<std::string> text_field(const json& record, const char* name, bool allow_number) {
  auto it = record.find(name);
  if (it == record.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (allow_number && it->is_number_integer()) return it->dump();
  return Error::bad_request(std::string("field '") + name + "' must be a string");
}

}  // namespace

Result<Article> article_from_json(const json& record, ArticleWarnings* warnings) {
  if (!record.is_object()) return Error::bad_request("record is not a JSON object");
  Article a;
  struct Field {
    const char* name;
    std::string* out;
    bool allow_number;
  };
  std::string raw_date;
  const Field fields[] = {{"id", &a.id, true},
                          {"url", &a.url, false},
                          {"title", &a.title, false},
                          {"body", &a.body, false},
                          {"date", &raw_date, true},
                          {"source", &a.source, false},
                          {"category", &a.category, false}};
  for (const Field& f : fields) {
    Result<std::string> v = text_field(record, f.name, f.allow_number);
    if (!v.ok()) return v.error();
    *f.out = std::move(v).value();
  }
  if (auto it = record.find("tags"); it != record.end() && !it->is_null()) {
    if (!it->is_array()) return Error::bad_request("field 'tags' must be an array of strings");
    for (const json& t : *it) {
      if (!t.is_string()) return Error::bad_request("field 'tags' must be an array of strings");
      a.tags.push_back(t.get<std::string>());
    }
  }
  if (a.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::bad_request("field 'body' is missing or empty");
  }
  if (!raw_date.empty()) {
    if (std::optional<std::string> iso = parse_date(raw_date)) {
      a.date = *iso;
    } else if (warnings != nullptr) {
      warnings->messages.push_back("field 'date' not understood (\"" + raw_date +
                                   "\"); article kept without a date");
    }
  }
  return a;
}

std::string article_to_data(const Article& a) {
  json j = {{"id", a.id},     {"url", a.url},       {"title", a.title},       {"body", a.body},
            {"date", a.date}, {"source", a.source}, {"category", a.category}, {"tags", a.tags}};
  return j.dump();
}

Result<Article> article_from_data(const std::string& data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Error::internal("stored document is not JSON");
  Article a;
  a.id = j.value("id", "");
  a.url = j.value("url", "");
  a.title = j.value("title", "");
  a.body = j.value("body", "");
  a.date = j.value("date", "");
  a.source = j.value("source", "");
  a.category = j.value("category", "");
  if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
    for (const json& t : *it) {
      if (t.is_string()) a.tags.push_back(t.get<std::string>());
    }
  }
  return a;
}

}  // namespace kavosh
