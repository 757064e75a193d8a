// Whether this build can read and write a database: the analyzer and schema
// versions recorded in its metadata must be this build's.
#pragma once

#include <xapian.h>

#include <string>

#include "kavosh/analysis/analyzer.h"
#include "kavosh/util/status.h"

namespace kavosh {

// The analyzer options a database was built with (defaults for an empty one).
// Fails with a 409 (code "outdated_index"), saying to re-index, when it was
// built by another analyzer version or schema. `path` is only for messages.
Result<AnalyzerOptions> database_analyzer(const Xapian::Database& db, const std::string& path);

}  // namespace kavosh
