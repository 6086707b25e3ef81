// makeTempDir's folders are removed when the test process exits, whether or not the test
// removed them (killed or failed runs had left 22 GB in /tmp), unless CXR_KEEP_TEST_DIRS=1.
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
/// Runs a child process that makes a test folder, writes a file into it and exits normally
/// (static destructors run, as at the end of a test program); returns the folder's path.
std::string folderOfAChildThatExits(bool keep) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  std::cout.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    if (keep) ::setenv("CXR_KEEP_TEST_DIRS", "1", 1);
    else ::unsetenv("CXR_KEEP_TEST_DIRS");
    const fs::path dir = cxr::test::makeTempDir("exit-cleanup");
    std::ofstream(dir / "inside.txt") << "x";
    const std::string path = dir.string();
    const bool written = ::write(fds[1], path.data(), path.size()) == static_cast<ssize_t>(path.size());
    ::close(fds[1]);
    std::exit(written ? 0 : 1);
  }
  ::close(fds[1]);
  std::string path;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) path.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return path;
}
}  // namespace

TEST(TempDirCleanupTest, FoldersAreRemovedWhenTheProcessExitsUnlessKept) {
  const fs::path mine = cxr::test::makeTempDir("exit-cleanup-parent");
  const std::string removed = folderOfAChildThatExits(false);
  ASSERT_FALSE(removed.empty());
  EXPECT_FALSE(fs::exists(removed)) << removed << " survived the exit of the process that made it";
  EXPECT_TRUE(fs::exists(mine)) << "a child process removed its parent's folder";

  const std::string kept = folderOfAChildThatExits(true);
  ASSERT_FALSE(kept.empty());
  EXPECT_TRUE(fs::exists(fs::path(kept) / "inside.txt")) << "CXR_KEEP_TEST_DIRS=1 did not keep " << kept;
  std::error_code ec;
  fs::remove_all(kept, ec);
}
