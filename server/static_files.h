// The static page of kavosh-server: the files of the --web directory, listed
// once at startup and served only by their exact names.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kavosh/util/status.h"

namespace kavosh {

// Headers sent with every response of the server, page and API alike: a
// Content-Security-Policy that allows the page's own scripts, styles, fonts
// and API calls only, no framing, no sniffing, no referrer.
const std::vector<std::pair<std::string, std::string>>& security_headers();

class StaticFiles {
 public:
  struct File {
    std::string path;          // on disk
    std::string content_type;  // with charset for text
  };

  StaticFiles() = default;
  // Lists the files under `dir` that have a known type (html, css, js, woff2,
  // woff, svg, png, ico, txt, json) and a plain name: every part letters,
  // digits, '.', '-' or '_', not starting with '.'. Fails when `dir` has no
  // index.html.
  static Result<StaticFiles> scan(const std::string& dir);

  // The file named by the raw (still percent-encoded) request path, "/" being
  // index.html; nullptr for any other path: one with percent-encoding, "..",
  // "//", a backslash or a NUL never names a file.
  const File* find(std::string_view raw_path) const;
  bool empty() const { return files_.empty(); }
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, File, std::less<>> files_;  // by URL path ("/js/main.js")
};

// The content type served for a file name's extension; empty when unknown.
std::string content_type_of(std::string_view name);

}  // namespace kavosh
