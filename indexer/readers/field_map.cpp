// Field mapping: the many names dumps give a field, onto the canonical keys.
#include <climits>

#include "kavosh/util/strings.h"
#include "readers/internal.h"

namespace kavosh::ingest {

namespace {

using nlohmann::json;

enum Slot { kId, kUrl, kTitle, kBody, kAbstract, kDate, kSource, kCategory, kTags, kSlots };

// Canonical names, indexed by Slot. "abstract" is not an Article field: it is
// merged into the body.
constexpr std::string_view kSlotNames[kSlots] = {"id",   "url",    "title",    "body", "abstract",
                                                 "date", "source", "category", "tags"};

struct Alias {
  std::string_view key;  // matched ignoring ASCII case
  Slot slot;
  int rank;  // the lowest rank present wins
};

constexpr Alias kAliases[] = {
    {"id", kId, 0},
    {"docid", kId, 1},
    {"news_id", kId, 2},
    {"code", kId, 3},
    {"url", kUrl, 0},
    {"link", kUrl, 1},
    {"title", kTitle, 0},
    {"headline", kTitle, 1},
    {"body", kBody, 0},
    {"text", kBody, 1},
    {"content", kBody, 2},
    {"paragraphs", kBody, 3},
    {"abstract", kAbstract, 0},
    {"lead", kAbstract, 1},
    {"date", kDate, 0},
    {"published", kDate, 1},
    {"datetime", kDate, 2},
    {"pubdate", kDate, 3},
    {"source", kSource, 0},
    {"agency", kSource, 1},
    {"category", kCategory, 0},
    {"cat", kCategory, 1},
    {"categories", kCategory, 2},
    {"tags", kTags, 0},
    {"keywords", kTags, 1},
};

int slot_of(std::string_view canonical) {
  for (int s = 0; s < kSlots; ++s) {
    if (kSlotNames[s] == canonical) return s;
  }
  return -1;
}

bool is_blank(const json& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return detail::trim(v.get_ref<const std::string&>()).empty();
  if (v.is_array()) return v.empty();
  return false;
}

// The text of a string or number; nullopt for any other type.
std::optional<std::string> scalar_text(json& v) {
  if (v.is_string()) return std::move(v.get_ref<std::string&>());
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

// The text of a scalar, or of a list of scalars: its non-blank elements joined
// with `sep`, or only the first one when `sep` is empty. nullopt on a wrong type.
std::optional<std::string> field_text(json& v, std::string_view sep) {
  if (!v.is_array()) return scalar_text(v);
  std::string out;
  bool any = false;
  for (json& e : v) {
    if (is_blank(e)) continue;
    std::optional<std::string> t = scalar_text(e);
    if (!t) return std::nullopt;
    if (sep.empty()) return t;
    if (any) out += sep;
    out += *t;
    any = true;
  }
  return out;
}

// Splits a tag list given as one string ("a, b; c"), or as the text of a JSON
// array (CSV cells), into `out`.
void split_tags(const std::string& s, std::vector<std::string>& out) {
  std::string_view t = detail::trim(s);
  if (!t.empty() && t.front() == '[') {
    json parsed = json::parse(t, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_array()) {
      for (json& e : parsed) {
        if (std::optional<std::string> v = scalar_text(e); v && !detail::trim(*v).empty()) {
          out.push_back(std::string(detail::trim(*v)));
        }
      }
      return;
    }
  }
  // Separators: , ; | and U+060C ARABIC COMMA (D8 8C), U+061B ARABIC SEMICOLON (D8 9B).
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    std::string_view part = detail::trim(t.substr(start, end - start));
    if (!part.empty()) out.emplace_back(part);
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == ',' || c == ';' || c == '|') {
      flush(i);
      start = i + 1;
    } else if (c == '\xD8' && i + 1 < t.size() && (t[i + 1] == '\x8C' || t[i + 1] == '\x9B')) {
      flush(i);
      start = i + 2;
      ++i;
    }
  }
  flush(t.size());
}

// Adds the tag texts of `v` (a list, or a string to split) to `out`; false on a wrong type.
bool collect_tags(json& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    split_tags(v.get_ref<const std::string&>(), out);
    return true;
  }
  if (v.is_number()) {
    out.push_back(v.dump());
    return true;
  }
  if (!v.is_array()) return false;
  for (json& e : v) {
    if (is_blank(e)) continue;
    std::optional<std::string> t = scalar_text(e);
    if (!t) return false;
    out.push_back(std::move(*t));
  }
  return true;
}

// The abstract (lead) opens the body, unless the body already starts with it.
void open_body_with(std::string& body, std::string_view abstract) {
  if (abstract.empty()) return;
  const std::string_view trimmed = detail::trim(body);
  if (trimmed.empty()) {
    body = std::string(abstract);
  } else if (!starts_with(trimmed, abstract)) {
    std::string merged;
    merged.reserve(abstract.size() + 2 + body.size());
    merged.append(abstract).append("\n\n").append(body);
    body = std::move(merged);
  }
}

}  // namespace

Status add_field_override(FieldOverrides& overrides, std::string_view spec) {
  const std::size_t eq = spec.find('=');
  const std::string quoted = "--field '" + std::string(spec) + "'";
  if (eq == std::string_view::npos) {
    return Error::bad_request(quoted + ": expected canonical=key, e.g. --field body=paragraphs");
  }
  const std::string_view name = detail::trim(spec.substr(0, eq));
  const std::string_view key = detail::trim(spec.substr(eq + 1));
  if (slot_of(name) < 0) {
    return Error::bad_request(quoted + ": unknown field '" + std::string(name) +
                              "' (one of id, url, title, body, abstract, date, source, category, "
                              "tags)");
  }
  if (key.empty()) return Error::bad_request(quoted + ": the key after '=' is empty");
  overrides[std::string(name)] = std::string(key);
  return {};
}

namespace detail {

FieldMapper::FieldMapper(const FieldOverrides& overrides) {
  for (const auto& [name, key] : overrides) {
    const int slot = slot_of(name);
    if (slot < 0) continue;  // add_field_override() rejects these
    overrides_.emplace_back(key, slot);
    overridden_ |= 1u << slot;
  }
}

std::variant<json, FieldProblem> FieldMapper::map(json&& record) const {
  if (!record.is_object()) {
    return FieldProblem{"not an object", std::string("the record is a JSON ") + record.type_name() +
                                             ", not an object"};
  }
  json* found[kSlots] = {};
  const std::string* found_key[kSlots] = {};
  int found_rank[kSlots];
  std::fill(std::begin(found_rank), std::end(found_rank), INT_MAX);
  for (auto it = record.begin(); it != record.end(); ++it) {
    json& value = it.value();
    if (is_blank(value)) continue;
    const std::string& key = it.key();
    int slot = -1, rank = -1;  // an override outranks every alias
    for (const auto& [override_key, override_slot] : overrides_) {
      if (iequals(override_key, key)) {
        slot = override_slot;
        break;
      }
    }
    if (slot < 0) {
      for (const Alias& a : kAliases) {
        if (iequals(a.key, key)) {
          if ((overridden_ & (1u << a.slot)) == 0) {
            slot = a.slot;
            rank = a.rank;
          }
          break;
        }
      }
    }
    if (slot >= 0 && rank < found_rank[slot]) {
      found[slot] = &value;
      found_key[slot] = &key;
      found_rank[slot] = rank;
    }
  }

  auto bad_field = [&](Slot s, const char* expected) {
    return FieldProblem{"bad field", "field '" + std::string(kSlotNames[s]) + "' (key '" +
                                         *found_key[s] + "') must be " + expected + ", not " +
                                         found[s]->type_name()};
  };
  std::string text[kSlots];
  // Separator of list elements per slot; empty: the first element only.
  constexpr std::string_view kJoin[kSlots] = {",", "", " ", "\n\n", "\n\n", "", "", "", ""};
  for (Slot s : {kId, kUrl, kTitle, kBody, kAbstract, kDate, kSource}) {
    if (found[s] == nullptr) continue;
    std::optional<std::string> t = field_text(*found[s], kJoin[s]);
    if (!t) return bad_field(s, "a string, a number or a list of them");
    text[s] = std::move(*t);
  }
  std::vector<std::string> tags;
  if (found[kTags] != nullptr && !collect_tags(*found[kTags], tags)) {
    return bad_field(kTags, "a list of strings");
  }
  if (json* c = found[kCategory]; c != nullptr) {
    if (c->is_array()) {
      std::vector<std::string> cats;
      if (!collect_tags(*c, cats)) return bad_field(kCategory, "a string or a list of strings");
      if (!cats.empty()) text[kCategory] = std::move(cats.front());
      for (std::size_t i = 1; i < cats.size(); ++i) {
        if (std::find(tags.begin(), tags.end(), cats[i]) == tags.end()) {
          tags.push_back(std::move(cats[i]));
        }
      }
    } else {
      std::optional<std::string> t = scalar_text(*c);
      if (!t) return bad_field(kCategory, "a string or a list of strings");
      text[kCategory] = std::move(*t);
    }
  }

  // Pandas writes a missing title as "nan".
  if (iequals(trim(text[kTitle]), "nan")) text[kTitle].clear();

  open_body_with(text[kBody], trim(text[kAbstract]));
  if (trim(text[kBody]).empty()) {
    return FieldProblem{"no body",
                        "the record has no body text (looked for body, text, content, "
                        "paragraphs, abstract, lead" +
                            std::string(overridden_ & (1u << kBody) ? " and the --field key" : "") +
                            ")"};
  }
  if (text[kSource].empty() && !text[kUrl].empty()) text[kSource] = url_host(text[kUrl]);
  if (text[kDate].empty() && !text[kUrl].empty()) text[kDate] = url_jalali_date(text[kUrl]);

  json out = json::object();
  for (Slot s : {kId, kUrl, kTitle, kBody, kDate, kSource, kCategory}) {
    if (!trim(text[s]).empty()) out[std::string(kSlotNames[s])] = std::move(text[s]);
  }
  if (!tags.empty()) out["tags"] = std::move(tags);
  return out;
}

}  // namespace detail
}  // namespace kavosh::ingest
