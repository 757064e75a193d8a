// JSON forms of the API's requests and responses (the wire format, docs/api.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "kavosh/search/request.h"
#include "kavosh/search/service.h"
#include "kavosh/util/status.h"

namespace kavosh {

// Parses and validates the query string parameters of GET /api/search
// (docs/api.md). Unknown parameters are ignored; a malformed or repeated one
// (only `source` may be repeated) is an Error naming it.
Result<ValidatedRequest> search_request_from_params(
    const std::multimap<std::string, std::string>& params);

// The single value of parameter `name`: empty when absent, an Error naming it
// when repeated.
Result<std::string> single_param(const std::multimap<std::string, std::string>& params,
                                 const std::string& name);

nlohmann::json to_json(const SearchResponse& response);
nlohmann::json to_json(const SearchHit& hit);
nlohmann::json to_json(const DocumentResponse& response);
nlohmann::json to_json(const SimilarResponse& response);
nlohmann::json to_json(const StatsResponse& response);
nlohmann::json to_json(const SuggestResponse& response);
// {"error": message, "code": machine-readable kind, "param": parameter or ""}.
nlohmann::json to_json(const Error& error);

}  // namespace kavosh
