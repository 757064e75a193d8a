// Reading the Hamshahri test collection (see ../shared/corpora/README.md):
// one article per .ham file, tab-separated topics, TREC qrels.
#pragma once

#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/trec_metrics.h"
#include "kavosh/index/article.h"
#include "kavosh/util/status.h"

namespace kavosh::eval {

// Article::source of every Hamshahri document.
inline constexpr std::string_view kHamshahriSource = "همشهری";

// The parts of a collection folder.
struct HamshahriPaths {
  std::filesystem::path docs;    // <root>/docs: *.ham files, in any subfolder
  std::filesystem::path topics;  // <root>/topics-dev.tsv
  std::filesystem::path qrels;   // <root>/qrels-dev.trec

  static HamshahriPaths under(const std::filesystem::path& root);
};

struct Topic {
  std::string id;
  std::string query;  // as written in the topics file
};

// The canonical date (kavosh::parse_date) of an id "HAM2-YYMMDD-NNN", whose
// YYMMDD is the Solar Hijri date 13YY/MM/DD; nullopt when the id does not
// follow that pattern or names an impossible date.
std::optional<std::string> date_from_id(std::string_view id);

// The article stored as `text` in the file of document `id`: the first
// non-empty line is the title, the following lines the body (joined with
// '\n', without leading or trailing blank lines); trailing spaces, tabs and
// CRs of every line are trimmed. The date comes from date_from_id() (empty
// when unknown), the source is kHamshahriSource, the URL is empty.
Article parse_ham(const std::string& id, std::string_view text);

// Reads one .ham file; its id is the file name without ".ham". Fails when the
// file cannot be read or holds no text.
Result<Article> read_ham_file(const std::filesystem::path& path);

// Every *.ham file under `docs_dir`, recursively, in sorted path order. Fails
// on the first unreadable or empty file, or when two files share an id.
Result<std::vector<Article>> read_collection(const std::filesystem::path& docs_dir);

// Topics as "qid<TAB>query" lines, in file order; blank lines are skipped.
// Fails, as "name:line: ...", on a line without a tab, an empty id or query,
// or a repeated id.
Result<std::vector<Topic>> parse_topics(std::istream& in, const std::string& name);
Result<std::vector<Topic>> read_topics(const std::filesystem::path& path);

// parse_qrels() on a file.
Result<Qrels> read_qrels(const std::filesystem::path& path);

}  // namespace kavosh::eval
