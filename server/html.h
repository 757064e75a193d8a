// HTML made at the edge: the API's title_html and snippet_html are built here
// from a Highlighted text and its spans (the core library makes no HTML).
#pragma once

#include <string>
#include <string_view>

#include "kavosh/search/highlight.h"

namespace kavosh {

// Escapes & < > " ' for HTML text and attribute contexts.
std::string html_escape(std::string_view text);

// `marked.text` HTML-escaped, with <mark>...</mark> around each of its spans.
std::string marked_html(const Highlighted& marked);

}  // namespace kavosh
