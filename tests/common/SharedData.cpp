#include "tests/common/SharedData.h"

#include <cstdlib>
#include <random>

namespace cxr::test {

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
  return dir;
}

}  // namespace cxr::test
