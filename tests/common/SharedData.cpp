#include "tests/common/SharedData.h"

#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <random>
#include <utility>
#include <vector>

namespace cxr::test {

namespace {

/// The folders makeTempDir created in this process, removed when the process exits normally
/// (after every test and its fixtures), whether or not the test removed them itself.
/// CXR_KEEP_TEST_DIRS=1 keeps them for a post-mortem. A forked child only ever exec()s or
/// _exit()s, and the owner pid is checked anyway, so a child never removes its parent's folders.
class TempDirRegistry {
 public:
  void add(std::filesystem::path dir) {
    std::lock_guard lock(m_mutex);
    m_dirs.emplace_back(std::move(dir), ::getpid());
  }
  ~TempDirRegistry() {
    if (const char* keep = std::getenv("CXR_KEEP_TEST_DIRS"); keep && *keep && *keep != '0') return;
    std::lock_guard lock(m_mutex);
    for (const auto& [dir, owner] : m_dirs) {
      if (owner != ::getpid()) continue;
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }

 private:
  std::mutex m_mutex;
  std::vector<std::pair<std::filesystem::path, pid_t>> m_dirs;
};

TempDirRegistry& registry() {
  static TempDirRegistry r;
  return r;
}

}  // namespace

std::filesystem::path sharedDataDir() {
  if (const char* env = std::getenv("CXR_SHARED_DATA"); env && *env) return env;
  return CXR_SHARED_DATA_DIR;
}

std::filesystem::path sharedData(const std::string& relative) { return sharedDataDir() / relative; }

std::filesystem::path testDataDir() { return std::filesystem::path(CXR_TEST_SOURCE_DIR) / "data"; }

std::filesystem::path makeTempDir(const std::string& tag) {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             ("cxr-test-" + tag + "-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  registry().add(dir);
  return dir;
}

}  // namespace cxr::test
