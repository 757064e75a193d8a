#include "kavosh/search.h"

#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>
#include <unordered_set>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/analysis/compounds.h"
#include "kavosh/analysis/stop_words.h"
#include "kavosh/article.h"
#include "kavosh/document.h"
#include "kavosh/highlight.h"
#include "kavosh/schema.h"

namespace kavosh {

namespace {

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string prefixed(std::string_view prefix, const std::string& term) {
  std::string out(prefix);
  out += term;
  return out;
}

// One unit of meaning in a query: a word, or a compound (a word that other
// texts write as two).
struct QueryUnit {
  std::string text;  // Token::text, joined for a compound
  std::string stem;
  std::optional<CompoundSplit> split;
  Xapian::termpos position = 1;
};

// Groups the query's tokens into units. A compound is recognised from the
// database's lexicon, whether the query wrote it joined (one token) or apart
// (two tokens), else from the query's own ZWNJ; the lexicon's split wins so
// that every spelling builds the same unit.
std::vector<QueryUnit> query_units(const std::vector<Token>& tokens, const Analyzer& analyzer,
                                   const Xapian::Database* db) {
  std::vector<QueryUnit> units;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    QueryUnit unit;
    unit.text = t.text;
    unit.stem = t.stem;
    unit.position = t.position + 1;
    if (db != nullptr && t.kind == TokenKind::kWord && i + 1 < tokens.size() &&
        tokens[i + 1].kind == TokenKind::kWord && tokens[i + 1].space_before) {
      const std::string joined = t.text + tokens[i + 1].text;
      if (std::optional<CompoundSplit> split = lookup_compound(*db, joined)) {
        unit.text = joined;
        unit.stem = analyzer.stem(joined);
        unit.split = std::move(split);
        units.push_back(std::move(unit));
        ++i;
        continue;
      }
    }
    if (db != nullptr && t.kind == TokenKind::kWord) unit.split = lookup_compound(*db, t.text);
    if (!unit.split) unit.split = compound_split(t);
    units.push_back(std::move(unit));
  }
  return units;
}

// The query for one unit: its stem anywhere; a compound also matches its two
// words as a phrase, as one synonym.
Xapian::Query unit_query(const QueryUnit& unit) {
  Xapian::Query anywhere(prefixed(schema::kPrefixStem, unit.stem), 1, unit.position);
  if (!unit.split) return anywhere;
  const Xapian::Query parts[] = {
      Xapian::Query(prefixed(schema::kPrefixWord, unit.split->head), 1, unit.position),
      Xapian::Query(prefixed(schema::kPrefixWord, unit.split->tail), 1, unit.position + 1)};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, std::begin(parts), std::end(parts), 2);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, anywhere, phrase);
}

// Accepts expansion terms for blind feedback: stems (not title stems) that
// are not stop words and not already in the query.
class FeedbackTerms : public Xapian::ExpandDecider {
 public:
  explicit FeedbackTerms(const Xapian::Query& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
      in_query_.insert(*it);
    }
  }
  bool operator()(const std::string& term) const override {
    if (term.size() < 2 || term[0] != 'Z' || term[1] == 'S' || in_query_.count(term)) return false;
    const std::string word = term.substr(schema::kPrefixStem.size());
    // Numbers and single letters say little about a topic.
    if (word.size() < 4 || word.find_first_not_of("0123456789.") == std::string::npos) return false;
    return !is_stop_word(word);
  }

 private:
  std::unordered_set<std::string> in_query_;
};

}  // namespace

Status validate(const SearchRequest& r) {
  if (r.query.size() > SearchRequest::kMaxQueryBytes) {
    return Error::bad_request("parameter 'q' is too long (" + std::to_string(r.query.size()) +
                              " bytes; at most " + std::to_string(SearchRequest::kMaxQueryBytes) +
                              ")");
  }
  if (!valid_utf8(r.query)) return Error::bad_request("parameter 'q' is not valid UTF-8");
  if (r.page < 1 || r.page > SearchRequest::kMaxPage) {
    return Error::bad_request("parameter 'page' must be between 1 and " +
                              std::to_string(SearchRequest::kMaxPage));
  }
  if (r.per_page < 1 || r.per_page > SearchRequest::kMaxPerPage) {
    return Error::bad_request("parameter 'per_page' must be between 1 and " +
                              std::to_string(SearchRequest::kMaxPerPage));
  }
  return {};
}

Result<AnalyzerOptions> database_analyzer(const Xapian::Database& db, const std::string& path) {
  const std::string id = db.get_metadata(std::string(schema::kMetaAnalyzer));
  if (id.empty() && db.get_doccount() == 0) return AnalyzerOptions{};
  const std::optional<AnalyzerOptions> options = Analyzer::options_from_id(id);
  if (!options) {
    return Error::conflict("database '" + path + "' was built by analyzer '" +
                           (id.empty() ? std::string("unknown") : id) + "' but this build uses '" +
                           Analyzer().id() +
                           "': re-index it with kavosh-index into a new directory");
  }
  const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchema));
  if (schema_version != schema::kSchemaVersion) {
    return Error::conflict("database '" + path + "' has schema version '" + schema_version +
                           "' but this build uses '" + std::string(schema::kSchemaVersion) +
                           "': re-index it with kavosh-index into a new directory");
  }
  return *options;
}

ParsedQuery parse_query(Analyzer& analyzer, std::string_view text, const Xapian::Database* db) {
  ParsedQuery parsed;
  const std::vector<Token> tokens = analyzer.analyze(text);
  if (tokens.empty()) {
    parsed.browse = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    parsed.empty = !parsed.browse;
    return parsed;
  }
  const std::vector<QueryUnit> units = query_units(tokens, analyzer, db);
  // Function words are left out, unless the query has nothing else.
  auto is_stop = [](const QueryUnit& u) { return !u.split && is_stop_word(u.text); };
  const bool all_stop = std::all_of(units.begin(), units.end(), is_stop);
  std::vector<Xapian::Query> queries, titles;
  for (const QueryUnit& u : units) {
    if (!all_stop && is_stop(u)) continue;
    parsed.highlight.insert(u.stem);
    parsed.exact.insert(u.text);
    if (u.split) {
      for (const std::string* part : {&u.split->head, &u.split->tail}) {
        parsed.highlight.insert(analyzer.stem(*part));
        parsed.exact.insert(*part);
      }
    }
    queries.push_back(unit_query(u));
    titles.emplace_back(prefixed(schema::kPrefixTitleStem, u.stem), 1, u.position);
  }
  parsed.query = Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
  parsed.title = Xapian::Query(Xapian::Query::OP_OR, titles.begin(), titles.end());
  return parsed;
}

Xapian::MSet run_query(const Xapian::Database& db, const ParsedQuery& parsed,
                       Xapian::doccount first, Xapian::doccount count,
                       const RankingOptions& ranking) {
  Xapian::Enquire enquire(db);
  if (parsed.browse) {
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_sort_by_value_then_relevance(schema::kSlotDate, /*reverse=*/true);
    return enquire.get_mset(first, count, first + count + 100);
  }
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  Xapian::Query query = parsed.query;
  if (ranking.title_weight > 0) {
    query = Xapian::Query(
        Xapian::Query::OP_OR, query,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parsed.title, ranking.title_weight));
  }
  enquire.set_query(query);
  if (ranking.feedback_docs > 0 && ranking.feedback_terms > 0) {
    const Xapian::MSet top = enquire.get_mset(0, ranking.feedback_docs);
    if (top.size() >= 2) {
      Xapian::RSet rset;
      for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
      const FeedbackTerms decider(parsed.query);
      const Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, rset, &decider);
      if (!eset.empty()) {
        const double best = eset.begin().get_weight();
        std::vector<Xapian::Query> expansion;
        for (auto it = eset.begin(); it != eset.end(); ++it) {
          expansion.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                                 ranking.feedback_weight * it.get_weight() / best);
        }
        query =
            Xapian::Query(Xapian::Query::OP_OR, query,
                          Xapian::Query(Xapian::Query::OP_OR, expansion.begin(), expansion.end()));
        enquire.set_query(query);
      }
    }
  }
  return enquire.get_mset(first, count, first + count + 100);
}

// Xapian::Database objects are not thread-safe: each search borrows one.
class SearchService::Pool {
 public:
  explicit Pool(std::string path) : path_(std::move(path)) {}

  struct Lease {
    Pool* pool;
    std::unique_ptr<Xapian::Database> db;
    ~Lease() {
      if (db) pool->give_back(std::move(db));
    }
  };

  Lease borrow() {
    std::unique_ptr<Xapian::Database> db;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        db = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (db) {
      db->reopen();
    } else {
      db = std::make_unique<Xapian::Database>(path_);
    }
    return Lease{this, std::move(db)};
  }

  const std::string& path() const { return path_; }

 private:
  void give_back(std::unique_ptr<Xapian::Database> db) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(db));
  }

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Xapian::Database>> free_;
};

SearchService::SearchService(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}
SearchService::~SearchService() = default;

Result<std::unique_ptr<SearchService>> SearchService::open(const std::string& path) {
  try {
    Xapian::Database db(path);
    Result<AnalyzerOptions> options = database_analyzer(db, path);
    if (!options.ok()) return options.error();
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error::not_found("cannot open database '" + path + "': " + e.get_msg() +
                            " (build it with kavosh-index --db " + path + " FILE...)");
  } catch (const Xapian::Error& e) {
    return Error::internal("cannot open database '" + path + "': " + e.get_description());
  }
  return std::unique_ptr<SearchService>(new SearchService(std::make_unique<Pool>(path)));
}

Result<std::uint64_t> SearchService::document_count() {
  try {
    Pool::Lease lease = pool_->borrow();
    return static_cast<std::uint64_t>(lease.db->get_doccount());
  } catch (const Xapian::Error& e) {
    return Error::unavailable("database error: " + e.get_description());
  }
}

Result<SearchResponse> SearchService::search(const SearchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  if (Status s = validate(request); !s.ok()) return s.error();

  SearchResponse response;
  response.query = request.query;
  response.page = request.page;
  response.per_page = request.per_page;
  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const auto count = static_cast<Xapian::doccount>(request.per_page);

  // A reader may see DatabaseModifiedError when an indexer commits meanwhile:
  // reopen and retry once.
  for (int attempt = 0;; ++attempt) {
    try {
      Pool::Lease lease = pool_->borrow();
      // Query and documents go through the analyzer the database was built with.
      Result<AnalyzerOptions> options = database_analyzer(*lease.db, pool_->path());
      if (!options.ok()) return options.error();
      Analyzer analyzer(options.value());
      const ParsedQuery parsed = parse_query(analyzer, request.query, lease.db.get());
      if (parsed.empty) break;  // only punctuation or symbols: nothing can match
      const Highlighter highlighter(parsed.highlight, parsed.exact);
      Xapian::MSet mset = run_query(*lease.db, parsed, first, count);
      response.total = mset.get_matches_estimated();
      response.hits.clear();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Result<Article> article = article_from_data(it.get_document().get_data());
        if (!article.ok()) return article.error();
        const Article& a = article.value();
        SearchHit hit;
        hit.id = a.id;
        hit.url = a.url;
        hit.title = a.title;
        hit.date = a.date;
        hit.source = a.source;
        hit.category = a.category;
        hit.score = parsed.browse ? 0.0 : it.get_weight();
        hit.title_html = highlighter.mark_all(a.title, analyzer.analyze(a.title));
        hit.snippet_html = highlighter.snippet(a.body, analyzer.analyze(a.body),
                                               SearchRequest::kDefaultSnippetChars);
        response.hits.push_back(std::move(hit));
      }
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Error::unavailable("database changed during the search; retry");
    } catch (const Xapian::Error& e) {
      return Error::unavailable("database error: " + e.get_description());
    }
  }
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return response;
}

}  // namespace kavosh
