#include "static_files.h"

#include <filesystem>
#include <system_error>

namespace kavosh {

namespace fs = std::filesystem;

namespace {

// Files deeper than this under the web directory are not served.
constexpr int kMaxDepth = 4;
constexpr std::size_t kMaxFiles = 1000;

bool plain_part(std::string_view part) {
  if (part.empty() || part.front() == '.') return false;
  for (char ch : part) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& security_headers() {
  // The page (web/) loads only its own module scripts, style sheet and font,
  // has no inline script or style, and fetches only its own /api; its icon is
  // the empty data: URL.
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
  };
  return headers;
}

std::string content_type_of(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
  };
  for (const auto& [ext, type] : types) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext)
      return std::string(type);
  }
  return {};
}

Result<StaticFiles> StaticFiles::scan(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "index.html", ec))
    return Error::not_found("web directory '" + dir + "' has no index.html");
  StaticFiles out;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it.depth() >= kMaxDepth || !plain_part(it->path().filename().string())) {
      it.disable_recursion_pending();  // hidden folders and odd names are not looked into
      continue;
    }
    const std::string type = content_type_of(it->path().filename().string());
    if (type.empty() || !it->is_regular_file(ec)) continue;
    const std::string url = "/" + it->path().lexically_relative(dir).generic_string();
    out.files_[url] = File{it->path().string(), type};
    if (out.files_.size() >= kMaxFiles) break;
  }
  if (ec) return Error::unavailable("cannot list web directory '" + dir + "': " + ec.message());
  return out;
}

const StaticFiles::File* StaticFiles::find(std::string_view raw_path) const {
  if (raw_path == "/") raw_path = "/index.html";
  // Names were checked when listed, so an exact match is a plain name; any
  // trick (%00, %2e%2e, %2f, "//", "\\") is simply not in the table.
  const auto it = files_.find(raw_path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace kavosh
