#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace cxr::test {

/// Folder of the real shared data (../shared/data beside the checkout, or $CXR_SHARED_DATA).
std::filesystem::path sharedDataDir();

/// Path of a file inside the shared data folder (it may not exist).
std::filesystem::path sharedData(const std::string& relative);

/// Folder of the repository's own test data (tests/data).
std::filesystem::path testDataDir();

/// A fresh, empty temporary folder with a unique name. A test may remove it when done; every
/// folder still there is removed when the test process exits (CXR_KEEP_TEST_DIRS=1 keeps them).
std::filesystem::path makeTempDir(const std::string& tag);

}  // namespace cxr::test

/// Skips the current test, saying which shared file is missing, when it is absent.
#define CXR_REQUIRE_SHARED(relative)                                                        \
  do {                                                                                    \
    if (!std::filesystem::exists(::cxr::test::sharedData(relative)))                      \
      GTEST_SKIP() << "SKIPPED: shared data not found: " << ::cxr::test::sharedData(relative) \
                   << " (set CXR_SHARED_DATA or place ../shared/data beside the checkout)"; \
  } while (0)
