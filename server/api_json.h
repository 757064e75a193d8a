// JSON forms of the API's requests and responses (the wire format of docs in README.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "kavosh/search.h"
#include "kavosh/status.h"

namespace kavosh {

// Parses the query string parameters of GET /api/search. Unknown parameters
// are ignored; a malformed one is an Error naming it.
Result<SearchRequest> search_request_from_params(
    const std::multimap<std::string, std::string>& params);

nlohmann::json to_json(const SearchResponse& response);
nlohmann::json to_json(const Error& error);

}  // namespace kavosh
