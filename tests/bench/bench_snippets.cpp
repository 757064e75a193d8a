// kavosh-bench-snippets (`make bench-snippets`): what snippets cost per hit,
// for a page of 10 hits of long articles. A benchmark, not a test: it prints
// figures and checks nothing.
//
// Articles: the 10 longest bodies of ../shared/corpora/iranian-news when
// present (or --corpus FILE, JSON lines with "title" and "body"; or those at
// another length percentile with --percentile), else 10 synthetic long
// Persian articles. Each hit is measured alone, many rounds,
// and reported as the median, 90th percentile and maximum in microseconds
// (and the median on the longest article), side by side, in the same run:
//   - the full path: analyze the title and the whole body, mark, snippet,
//   - the fast path of SearchService (checkpoints.h): the articles are indexed
//     with build_document() into a temporary database, and each hit reads its
//     document's checkpoints and positions and analyses only the stretches
//     around the best windows (the full path when it declines),
// and with:
//   - re-analysis: Analyzer::analyze on the body alone (the floor of any
//     snippet built on our tokens),
//   - Xapian's MSet::snippet on the same text (default flags, its length in
//     bytes set to twice our length in characters, about the same text for
//     Persian), the snippet Kavosh does not use because it cannot see our
//     normalization.
#include <xapian.h>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/index/document.h"
#include "kavosh/index/schema.h"
#include "kavosh/search/fast_snippets.h"
#include "kavosh/search/highlight.h"
#include "kavosh/search/passages.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Article {
  std::string title, body;
};

struct Options {
  std::string corpus;
  std::string query = "ایران دولت";
  int rounds = 200;
  int hits = 10;
  double percentile = 100;
  bool synthetic = false;
  std::size_t chars = 200;
  std::size_t passages = 1;
};

std::size_t count_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `n` articles of a JSON lines file with "title" and "body": those whose
// body length ranks at `percentile` (100: the longest).
std::vector<Article> articles_at(const std::string& path, int n, double percentile) {
  std::vector<Article> all;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("body") || !j["body"].is_string()) continue;
    Article a;
    a.body = j["body"].get<std::string>();
    if (j.contains("title") && j["title"].is_string()) a.title = j["title"].get<std::string>();
    all.push_back(std::move(a));
  }
  std::sort(all.begin(), all.end(),
            [](const Article& x, const Article& y) { return x.body.size() > y.body.size(); });
  const auto count = std::min(all.size(), static_cast<std::size_t>(n));
  auto first =
      static_cast<std::size_t>(static_cast<double>(all.size()) * (100.0 - percentile) / 100.0);
  first = std::min(first, all.size() - count);
  return std::vector<Article>(all.begin() + static_cast<std::ptrdiff_t>(first),
                              all.begin() + static_cast<std::ptrdiff_t>(first + count));
}

// Long Persian articles, the same every run: sentences drawn from a small
// vocabulary in every spelling (ZWNJ, Arabic letters, Persian digits).
std::vector<Article> synthetic_articles(int n) {
  const std::vector<std::string> words = {"دولت",
                                          "ایران",
                                          "اقتصاد",
                                          "می‌گوید",
                                          "کتاب‌ها",
                                          "مجلس",
                                          "وزیر",
                                          "تورم",
                                          "بازار",
                                          "كشور",
                                          "نفت",
                                          "سال",
                                          "۱۴۰۴",
                                          "گزارش",
                                          "خبر",
                                          "مردم",
                                          "می شود",
                                          "تحریم",
                                          "قیمت",
                                          "امروز",
                                          "جلسه",
                                          "برنامه",
                                          "شهر",
                                          "آمريكا",
                                          "نخست",
                                          "جمهوری",
                                          "بودجه",
                                          "نهنگ ها",
                                          "پیشنهاد",
                                          "رئیس"};
  std::vector<Article> out;
  unsigned seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int i = 0; i < n; ++i) {
    Article a;
    a.title = "گزارش " + std::to_string(i) + " درباره اقتصاد";
    while (count_chars(a.body) < 20000) {
      const unsigned len = 6 + next() % 14;
      for (unsigned k = 0; k < len; ++k) {
        a.body += words[next() % words.size()];
        a.body += k + 1 < len ? " " : (next() % 3 == 0 ? "؟\n" : ". ");
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

struct Stats {
  double median = 0, p90 = 0, max = 0;
  double longest = 0;  // median on hit 0, the longest article
};

Stats stats(std::vector<double> us, const std::vector<double>& first) {
  if (us.empty()) return {};
  std::vector<double> f = first;
  std::sort(f.begin(), f.end());
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 90 / 100)], us.back(),
          f.empty() ? 0.0 : f[f.size() / 2]};
}

// Times `per_hit(analyzer, h)` for every hit, `rounds` times. Each round is a
// page: a fresh Analyzer, as SearchService::search makes one per request (its
// stemmer's memo starts empty); making it is not timed.
template <typename F>
Stats measure(int rounds, std::size_t hits, F&& per_hit) {
  std::vector<double> us, first;
  us.reserve(static_cast<std::size_t>(rounds) * hits);
  for (int r = 0; r < rounds; ++r) {
    kavosh::Analyzer analyzer;
    for (std::size_t h = 0; h < hits; ++h) {
      const auto start = Clock::now();
      per_hit(analyzer, h);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      if (h == 0) first.push_back(us.back());
    }
  }
  return stats(std::move(us), first);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"kavosh-bench-snippets: per-hit snippet cost on long articles"};
  app.add_option("--corpus", o.corpus,
                 "JSON lines with title and body (default: ../shared/corpora/iranian-news)");
  app.add_option("--query", o.query, "the query");
  app.add_option("--rounds", o.rounds, "rounds over the page of hits")
      ->check(CLI::Range(1, 100000));
  app.add_option("--hits", o.hits, "hits per page (the longest articles)")
      ->check(CLI::Range(1, 100));
  app.add_option("--percentile", o.percentile,
                 "take the articles whose length ranks here (100: the longest; 50: median)")
      ->check(CLI::Range(0.0, 100.0));
  app.add_flag("--synthetic", o.synthetic,
               "use synthetic Persian articles even when the corpus is present");
  app.add_option("--chars", o.chars, "snippet length in characters");
  app.add_option("--snippets", o.passages, "passages per snippet");
  CLI11_PARSE(app, argc, argv);

  std::string source = "synthetic Persian text";
  std::vector<Article> articles;
  if (o.corpus.empty() && !o.synthetic) {
    const std::filesystem::path shared = std::filesystem::path(KAVOSH_SOURCE_DIR).parent_path() /
                                         "shared" / "corpora" / "iranian-news" /
                                         "iranian_news.jsonl";
    if (std::filesystem::exists(shared)) o.corpus = shared.string();
  }
  if (!o.corpus.empty() && !o.synthetic) {
    articles = articles_at(o.corpus, o.hits, o.percentile);
    char at[64];
    std::snprintf(at, sizeof at, ", the articles at length percentile %g", o.percentile);
    source = o.corpus + at;
  }
  if (articles.empty()) articles = synthetic_articles(o.hits);
  const std::size_t hits = articles.size();

  kavosh::Analyzer analyzer;
  kavosh::HighlightTerms terms;
  for (const kavosh::Token& t : analyzer.analyze(o.query)) {
    terms.stems.insert(t.stem);
    terms.exact.insert(t.text);
  }
  const kavosh::Highlighter highlighter(terms);
  kavosh::SnippetOptions snippet_options;
  snippet_options.max_chars = o.chars;
  snippet_options.passages = o.passages;

  std::size_t total_chars = 0, total_matches = 0;
  std::vector<std::vector<kavosh::Token>> body_tokens;
  for (const Article& a : articles) {
    total_chars += count_chars(a.body);
    body_tokens.push_back(analyzer.analyze(a.body));
    total_matches += highlighter.mark_all(a.body, body_tokens.back()).spans.size();
  }

  // Xapian's snippet needs an MSet of the same query over the same texts.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator indexer;
  for (const Article& a : articles) {
    Xapian::Document doc;
    indexer.set_document(doc);
    indexer.index_text(a.title);
    indexer.index_text(a.body);
    db.add_document(doc);
  }
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  enquire.set_query(parser.parse_query(o.query));
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(hits));

  // The same articles indexed as kavosh-index does, for the fast path.
  const std::filesystem::path db_dir = std::filesystem::temp_directory_path() /
                                       ("kavosh-bench-snippets-" + std::to_string(getpid()));
  std::vector<Xapian::docid> ids;
  std::size_t slot_bytes = 0;
  {
    Xapian::WritableDatabase kdb(db_dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (const Article& a : articles) {
      kavosh::Article article;
      article.title = a.title;
      article.body = a.body;
      const Xapian::Document doc = kavosh::build_document(article, analyzer);
      slot_bytes += doc.get_value(kavosh::schema::kSlotBodyCheckpoints).size();
      ids.push_back(kdb.add_document(doc));
    }
    kdb.commit();
  }
  const Xapian::Database kdb(db_dir.string());
  std::size_t fast_declined = 0, fast_differs = 0;
  for (std::size_t h = 0; h < hits; ++h) {
    kavosh::Analyzer fresh;
    const kavosh::WantedWords wanted = kavosh::wanted_words(kdb, fresh, highlighter);
    const std::optional<kavosh::Highlighted> fast =
        kavosh::fast_body_snippet(kdb, ids[h], kdb.get_document(ids[h]), articles[h].body, fresh,
                                  highlighter, snippet_options, &wanted);
    if (!fast) {
      ++fast_declined;
    } else if (const kavosh::Highlighted full = kavosh::make_snippet(
                   highlighter, articles[h].body, body_tokens[h], snippet_options);
               fast->text != full.text || !(fast->spans == full.spans)) {
      ++fast_differs;
    }
  }

  std::size_t sink = 0;  // keeps the work from being optimized away
  const Stats analysis = measure(o.rounds, hits, [&](kavosh::Analyzer& fresh, std::size_t h) {
    sink += fresh.analyze(articles[h].body).size();
  });
  const Stats select = measure(o.rounds, hits, [&](kavosh::Analyzer&, std::size_t h) {
    sink += kavosh::make_snippet(highlighter, articles[h].body, body_tokens[h], snippet_options)
                .text.size();
  });
  const Stats per_hit = measure(o.rounds, hits, [&](kavosh::Analyzer& fresh, std::size_t h) {
    const Article& a = articles[h];
    sink += highlighter.mark_all(a.title, fresh.analyze(a.title)).text.size();
    sink += kavosh::make_snippet(highlighter, a.body, fresh.analyze(a.body), snippet_options)
                .text.size();
  });
  kavosh::WantedWords wanted;
  const Stats fast = measure(o.rounds, hits, [&](kavosh::Analyzer& fresh, std::size_t h) {
    const Article& a = articles[h];
    sink += highlighter.mark_all(a.title, fresh.analyze(a.title)).text.size();
    // Found once per request (page), on its first long hit, as SearchService does.
    if (h == 0) wanted = kavosh::wanted_words(kdb, fresh, highlighter);
    std::optional<kavosh::Highlighted> s =
        kavosh::fast_body_snippet(kdb, ids[h], kdb.get_document(ids[h]), a.body, fresh, highlighter,
                                  snippet_options, &wanted);
    if (!s) s = kavosh::make_snippet(highlighter, a.body, fresh.analyze(a.body), snippet_options);
    sink += s->text.size();
  });
  const Stats xapian = measure(o.rounds, hits, [&](kavosh::Analyzer&, std::size_t h) {
    sink += mset.snippet(articles[h].body, 2 * o.chars).size();
  });

  std::printf(
      "kavosh-bench-snippets: %zu hits, mean %zu characters per article, %zu matches of "
      "\"%s\" in all, %zu characters x %zu passage(s), %d rounds\n",
      hits, total_chars / std::max<std::size_t>(hits, 1), total_matches, o.query.c_str(), o.chars,
      o.passages, o.rounds);
  std::printf("articles: %s\n\n", source.c_str());
  std::printf("%-52s %9s %9s %9s %9s\n", "per snippet, microseconds", "median", "p90", "max",
              "longest");
  auto row = [](const char* name, const Stats& s) {
    std::printf("%-52s %9.1f %9.1f %9.1f %9.1f\n", name, s.median, s.p90, s.max, s.longest);
  };
  row("kavosh full path, per hit: analyze title+body, ...", per_hit);
  row("kavosh fast path, per hit: checkpoints (fallback)", fast);
  row("kavosh, snippet from tokens (choice + marks)", select);
  row("baseline: re-analysis of the body alone", analysis);
  row("baseline: Xapian MSet::snippet, same text", xapian);
  std::printf(
      "\nfast path: declined on %zu of %zu hits, differs from the full path on %zu; "
      "checkpoint slot %zu bytes in all (%.1f%% of the bodies' bytes)\n",
      fast_declined, hits, fast_differs, slot_bytes,
      100.0 * static_cast<double>(slot_bytes) / static_cast<double>(std::max<std::size_t>(1, [&] {
        std::size_t b = 0;
        for (const Article& a : articles) b += a.body.size();
        return b;
      }())));
  std::printf("\nfirst kavosh snippet: %s\n",
              kavosh::make_snippet(highlighter, articles[0].body, body_tokens[0], snippet_options)
                  .text.c_str());
  std::printf("first Xapian snippet: %s\n", mset.snippet(articles[0].body, 2 * o.chars).c_str());
  std::error_code ec;
  std::filesystem::remove_all(db_dir, ec);
  return sink == 0 ? 1 : 0;
}
