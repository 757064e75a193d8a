#include "kavosh/index/article.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

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

namespace {

// Reads the stored form as article_to_data writes it: one flat JSON object
// whose values are strings and one array of strings. No JSON tree is built
// (the search path reads every hit's record, and json::parse was a quarter
// of a hit's cost). Anything else gives nullopt.
class StoredReader {
 public:
  explicit StoredReader(std::string_view data) : s_(data) {}

  std::optional<Article> read() {
    Article a;
    if (!take('{')) return std::nullopt;
    if (take('}')) return end() ? std::optional<Article>(std::move(a)) : std::nullopt;
    do {
      std::string key;
      if (!string(key) || !take(':')) return std::nullopt;
      if (key == "tags") {
        if (!take('[')) return std::nullopt;
        if (!take(']')) {
          do {
            if (!string(a.tags.emplace_back())) return std::nullopt;
          } while (take(','));
          if (!take(']')) return std::nullopt;
        }
        continue;
      }
      std::string ignored;
      std::string* out = key == "id"         ? &a.id
                         : key == "url"      ? &a.url
                         : key == "title"    ? &a.title
                         : key == "body"     ? &a.body
                         : key == "date"     ? &a.date
                         : key == "source"   ? &a.source
                         : key == "category" ? &a.category
                                             : &ignored;
      if (!string(*out)) return std::nullopt;
    } while (take(','));
    if (!take('}') || !end()) return std::nullopt;
    return a;
  }

 private:
  void blanks() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      ++i_;
    }
  }
  bool take(char c) {
    blanks();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool end() {
    blanks();
    return i_ == s_.size();
  }
  bool hex4(std::uint32_t& v) {
    if (s_.size() - i_ < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  // A JSON string into `out` (its text as written, escapes resolved). Raw
  // bytes pass unchecked: the writer only stores valid UTF-8, and the caller
  // checks what it shows.
  bool string(std::string& out) {
    if (!take('"')) return false;
    while (i_ < s_.size()) {
      std::size_t run = i_;  // a plain loop: find_first_of tests each byte against a set
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\') ++run;
      if (run == s_.size()) return false;
      out.append(s_.data() + i_, run - i_);
      i_ = run + 1;
      if (s_[run] == '"') return true;
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a lone low surrogate
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (s_.size() - i_ < 6 || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<Article> read_stored_article(std::string_view data) {
  return StoredReader(data).read();
}

Result<Article> article_from_data(const std::string& data) {
  if (std::optional<Article> fast = read_stored_article(data)) return std::move(*fast);
  // Not in the stored form (written by hand, or by another version): parse it as JSON.
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
