#include "kavosh/index/compatibility.h"

#include <optional>

#include "kavosh/index/schema.h"

namespace kavosh {

Result<AnalyzerOptions> database_analyzer(const Xapian::Database& db, const std::string& path) {
  const std::string id = db.get_metadata(std::string(schema::kMetaAnalyzer));
  if (id.empty() && db.get_doccount() == 0) return AnalyzerOptions{};
  const std::optional<AnalyzerOptions> options = Analyzer::options_from_id(id);
  if (!options) {
    return Error::conflict("database '" + path + "' was built by analyzer '" +
                               (id.empty() ? std::string("unknown") : id) +
                               "' but this build uses '" + Analyzer().id() +
                               "': re-index it with kavosh-index --rebuild --db " + path +
                               " INPUTS...",
                           "outdated_index");
  }
  const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchema));
  if (schema_version != schema::kSchemaVersion) {
    return Error::conflict("database '" + path + "' has schema version '" + schema_version +
                               "' but this build uses '" + std::string(schema::kSchemaVersion) +
                               "': re-index it with kavosh-index --rebuild --db " + path +
                               " INPUTS...",
                           "outdated_index");
  }
  return *options;
}

}  // namespace kavosh
