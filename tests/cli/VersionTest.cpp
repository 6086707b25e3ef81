// `chexreview-cli --version`: the version, the git revision the build came from, and every
// library this build links with the version the loaded library reports.
#include "tests/cli/CliRunner.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using cxr::test::runCli;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST(VersionTest, NamesTheVersionGitRevisionAndEachLinkedLibrary) {
  const auto r = runCli({"--version"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const auto out = lines(r.output);
  ASSERT_FALSE(out.empty());
  // "chexreview-cli 0.1.0 (git 1b9a0c7e2f)"; "unknown" only for a build outside git.
  const std::regex first("chexreview-cli " + std::regex_replace(std::string(CXR_PROJECT_VERSION), std::regex("\\."), "\\.") +
                         " \\(git ([0-9a-f]{7,40}|unknown)\\)");
  EXPECT_TRUE(std::regex_match(out.front(), first)) << out.front();

  std::vector<std::string> expected{"OpenCV", "zlib"};
#ifdef CXR_TEST_CLI_HAS_QT
  expected.push_back("Qt");
#endif
#ifdef CXR_TEST_CLI_HAS_IMAGE
  expected.push_back("ITK");
  expected.push_back("DCMTK");
#endif
#ifdef CXR_TEST_CLI_HAS_MODEL
  expected.push_back("LibTorch");
#endif
#ifdef CXR_TEST_CLI_HAS_STORE
  expected.push_back("SQLite");
#endif
  for (const auto& lib : expected) {
    const std::regex line(lib + " [0-9]+\\.[0-9]+(\\.[0-9]+)?.*");
    int found = 0;
    for (size_t i = 1; i < out.size(); ++i) found += std::regex_match(out[i], line) ? 1 : 0;
    EXPECT_EQ(found, 1) << lib << " with a version number, once, in\n" << r.output;
  }
  EXPECT_EQ(out.size(), expected.size() + 1) << "one line per linked library, nothing else:\n" << r.output;
}
