// Issue 12, defect 7: the folder scan reports a symbolic-link loop and a dangling link by path
// and goes on with the other files (it used to abort with a raw filesystem error).
#include "core/engine/FolderImporter.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

TEST(FolderScanProblemsTest, LinkLoopsAndDanglingLinksAreReportedAndTheScanGoesOn) {
  const fs::path dir = cxr::test::makeTempDir("scanproblems");
  fs::create_directories(dir / "a" / "deeper");
  std::ofstream(dir / "a" / "one.png") << "x";
  std::ofstream(dir / "a" / "deeper" / "two.dcm") << "x";
  fs::create_symlink("loop", dir / "a" / "loop");
  fs::create_symlink("missing.png", dir / "a" / "dangling.png");
  fs::create_directory_symlink("..", dir / "a" / "deeper" / "up");  // not followed: no endless scan
  std::vector<std::string> problems;
  const auto files = cxr::engine::FolderImporter::listCandidates(dir.string(), &problems);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(fs::path(files[0]).filename(), "two.dcm");
  EXPECT_EQ(fs::path(files[1]).filename(), "one.png");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].rfind((dir / "a").string(), 0), 0u) << problems[0];
  bool loop = false, dangling = false;
  for (const auto& p : problems) {
    loop |= p.find("/loop: symbolic link cannot be resolved (Too many levels of symbolic links); skipped") != std::string::npos;
    dangling |= p.find("/dangling.png: symbolic link cannot be resolved (No such file or directory); skipped") !=
                std::string::npos;
  }
  EXPECT_TRUE(loop);
  EXPECT_TRUE(dangling);
  // Without a problems list the scan still goes on.
  EXPECT_EQ(cxr::engine::FolderImporter::listCandidates(dir.string()).size(), 2u);
  fs::remove_all(dir);
}
