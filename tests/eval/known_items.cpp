#include "eval/known_items.h"

#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "eval/tsv.h"
#include "kavosh/index/document.h"

namespace kavosh::eval {

namespace {

constexpr std::string_view kZwnj = "\xE2\x80\x8C";

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace

Result<std::vector<KnownItem>> parse_known_items(std::istream& in, const std::string& name) {
  std::vector<KnownItem> items;
  std::set<std::string> ids;
  for (const TsvRow& row : read_tsv_rows(in, name)) {
    const std::string& place = row.place;
    const std::vector<std::string>& f = row.fields;
    if (f.size() != 5) {
      return Error::bad_request(place +
                                "expected 5 tab-separated fields (qid, kind, corpus, url, "
                                "query), found " +
                                std::to_string(f.size()));
    }
    for (const std::string& field : f) {
      if (field.empty()) return Error::bad_request(place + "empty field");
    }
    if (!ids.insert(f[0]).second) return Error::bad_request(place + "repeated id " + f[0]);
    items.push_back(KnownItem{f[0], f[1], f[2], f[3], f[4]});
  }
  return items;
}

Result<std::vector<KnownItem>> read_known_items(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot read '" + path.string() + "'");
  return parse_known_items(in, path.string());
}

const char* spelling_name(Spelling s) {
  switch (s) {
    case Spelling::kStandard:
      return "standard";
    case Spelling::kStripped:
      return "stripped";
    case Spelling::kSpaced:
      return "spaced";
  }
  return "?";
}

std::string spelled(const std::string& query, Spelling s) {
  switch (s) {
    case Spelling::kStandard:
      return query;
    case Spelling::kStripped:
      return replace_all(query, kZwnj, "");
    case Spelling::kSpaced:
      return replace_all(query, kZwnj, " ");
  }
  return query;
}

Result<KnownItemScores> score_known_items(SearchService& service, const Xapian::Database& db,
                                          const std::vector<KnownItem>& items) {
  // URL -> API ids of the articles at it (a story read twice has one URL).
  std::unordered_map<std::string, std::set<std::string>> ids_of_url;
  try {
    for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      Result<Article> a = article_from_data(db.get_document(*p).get_data());
      if (!a.ok()) return a.error();
      ids_of_url[a.value().url].insert(api_id(a.value()));
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("reading the known-item database: " + e.get_description());
  }

  KnownItemScores scores;
  std::map<std::string, std::pair<double, std::size_t>> by_kind;
  for (const KnownItem& item : items) {
    const auto answer = ids_of_url.find(item.url);
    if (answer == ids_of_url.end()) {
      return Error::not_found("known item " + item.id + ": no article has URL " + item.url);
    }
    for (const Spelling s : kSpellings) {
      SearchRequest request;
      request.query = spelled(item.query, s);
      request.per_page = 10;
      Result<SearchResponse> response = service.search(request);
      if (!response.ok()) {
        return Error::internal("known item " + item.id + ": " + response.error().message);
      }
      std::size_t rank = 0;
      const std::vector<SearchHit>& hits = response.value().hits;
      for (std::size_t i = 0; i < hits.size() && rank == 0; ++i) {
        bool found = hits[i].url == item.url;
        for (const std::string& other : hits[i].similar) {
          found = found || answer->second.count(other) > 0;
        }
        if (found) rank = i + 1;
      }
      const double rr = rank == 0 ? 0.0 : 1.0 / static_cast<double>(rank);
      const auto at = static_cast<std::size_t>(s);
      scores.mrr[at] += rr;
      scores.success10[at] += rank == 0 ? 0.0 : 1.0;
      by_kind[item.kind].first += rr;
      by_kind[item.kind].second += 1;
      if (rank != 1) {
        scores.misses.push_back(item.id + " " + spelling_name(s) + " " +
                                (rank == 0 ? std::string("-") : std::to_string(rank)) + " " +
                                request.query);
      }
    }
  }
  scores.queries = items.size();
  if (!items.empty()) {
    for (std::size_t s = 0; s < 3; ++s) {
      scores.mrr[s] /= static_cast<double>(items.size());
      scores.success10[s] /= static_cast<double>(items.size());
    }
  }
  for (const auto& [kind, sum] : by_kind) {
    scores.mrr_by_kind[kind] = sum.first / static_cast<double>(sum.second);
  }
  return scores;
}

}  // namespace kavosh::eval
