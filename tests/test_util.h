// Helpers shared by the tests: temporary directories and corpus locations.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace kavosh::testing {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kavosh-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The project's own sample corpus.
inline std::string sample_corpus() {
  return std::string(KAVOSH_SOURCE_DIR) + "/indexer/sample/news.jsonl";
}

// ../shared/corpora beside the checkout; empty when absent (tests then SKIP).
inline std::string shared_corpora() {
  std::filesystem::path p =
      std::filesystem::path(KAVOSH_SOURCE_DIR).parent_path() / "shared" / "corpora";
  return std::filesystem::is_directory(p) ? p.string() : std::string();
}

}  // namespace kavosh::testing
