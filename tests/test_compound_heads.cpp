// Compound heads (search/compound_heads.h): which joined words split, read
// from the word counts of a small database.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kavosh/search/compound_heads.h"

namespace {

// An in-memory database in which each word of `articles` stands alone in
// that many articles (exact-form terms have no prefix).
Xapian::Database counts(const std::map<std::string, unsigned>& articles) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  unsigned most = 0;
  for (const auto& [word, n] : articles) most = std::max(most, n);
  for (unsigned i = 0; i < most; ++i) {
    Xapian::Document doc;
    doc.add_term("filler");
    for (const auto& [word, n] : articles) {
      if (i < n) doc.add_term(word);
    }
    db.add_document(doc);
  }
  return db;
}

// The articles holding each word on its own in `db`.
kavosh::WordArticles counted_in(const Xapian::Database& db) {
  return [&db](const std::string& word) { return db.get_termfreq(word); };
}

struct Row {
  const char* word;
  Xapian::doccount word_articles;  // of the word's stem
  std::optional<std::string> head;
  const char* why;
};

}  // namespace

TEST_CASE("compound_head: a rare joined word of two common words", "[compound_heads]") {
  const Xapian::Database db = counts({{"همسر", 120},
                                      {"داری", 300},
                                      {"کتاب", 200},
                                      {"خانه", 400},
                                      {"پیش", 900},
                                      {"نهادی", 50},
                                      {"فلان", 5},
                                      {"ویروس", 100},
                                      {"کرونا", 400},
                                      {"ویروسک", 30},
                                      {"رونا", 25},
                                      {"foot", 100},
                                      {"ball", 100},
                                      {"کرونایی", 40},
                                      {"داریداریداریداری", 30},  // 16 letters
                                      {"داریداریداریداریداری", 30}});
  const std::vector<Row> rows = {
      {"همسرداری", 5, "همسر", "the head in 24 times the compound's articles"},
      {"همسرداری", 15, "همسر", "8 times"},
      {"همسرداری", 16, std::nullopt, "the head in fewer than 8 times the compound's articles"},
      {"همسرداری", 0, "همسر", "a compound no article has"},
      {"کتابخانه", 30, std::nullopt, "a word of its own, as common as its parts"},
      {"کتابخانه", 3, "کتاب", "rare: the head"},
      {"پیشنهادی", 2, std::nullopt, "a function word is no head"},
      {"همسرفلان", 1, std::nullopt, "the tail stands alone in too few articles"},
      {"ویروسکرونا", 2, "ویروس",
       "of two splits (ویروس+کرونا, ویروسک+رونا), the one whose rarer half is commoner"},
      {"همسری", 1, std::nullopt, "too short to be two words of three letters"},
      {"همسرداریداریداریداری", 1, "همسر", "kCompoundMaxLetters letters"},
      {"همسرداریداریداریداریداری", 1, std::nullopt, "longer than kCompoundMaxLetters"},
      {"football", 1, std::nullopt, "Persian words only"},
      {"151کرونایی", 1, std::nullopt, "a number is no head"},
      {"همسر", 1, std::nullopt, "one word"},
      {"", 0, std::nullopt, "nothing"},
  };
  for (const Row& r : rows) {
    INFO(r.why << ": " << r.word << " (" << r.word_articles << " articles)");
    CHECK(kavosh::compound_head(r.word, r.word_articles, counted_in(db)) == r.head);
  }
}

TEST_CASE("compound_splits: every split into halves of three letters or more", "[compound_heads]") {
  using Splits = std::vector<std::pair<std::string, std::string>>;
  CHECK(kavosh::compound_splits("همسرداری") ==
        Splits{{"همس", "رداری"}, {"همسر", "داری"}, {"همسرد", "اری"}});
  CHECK(kavosh::compound_splits("ایرانی") == Splits{{"ایر", "انی"}});
  CHECK(kavosh::compound_splits("ایران").empty());  // 5 letters
  CHECK(kavosh::compound_splits("football").empty());
  CHECK(kavosh::compound_splits("151کرونا").empty());
}

TEST_CASE("compound_head: halves of too few articles are no words", "[compound_heads]") {
  // Every count below kCompoundPartMinArticles: nothing splits, however rare
  // the compound.
  const Xapian::Database db = counts({{"همسر", kavosh::kCompoundPartMinArticles - 1},
                                      {"داری", kavosh::kCompoundPartMinArticles - 1}});
  CHECK_FALSE(kavosh::compound_head("همسرداری", 0, counted_in(db)).has_value());
  const Xapian::Database enough = counts(
      {{"همسر", kavosh::kCompoundPartMinArticles}, {"داری", kavosh::kCompoundPartMinArticles}});
  CHECK(kavosh::compound_head("همسرداری", 0, counted_in(enough)) ==
        std::optional<std::string>("همسر"));
}
