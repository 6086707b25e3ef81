#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using cxr::test::runCli;

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
size_t lineCount(const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')); }
}  // namespace

class FormatCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("cli"); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_F(FormatCommandsTest, CsvCheckSummarisesARealFile) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert.csv");
  const auto r = runCli({"csv", "check", cxr::test::sharedData("chexmask/CheXpert.csv").string()});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("rows:         56"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ID column:    Path"), std::string::npos) << r.output;
}

TEST_F(FormatCommandsTest, RoundtripReproducesTheReleaseBytes) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR.csv");
  const auto in = cxr::test::sharedData("chexmask/VinDr-CXR.csv");
  const auto out = dir / "rt.csv";
  const auto r = runCli({"csv", "roundtrip", "--from-landmarks", in.string(), out.string()});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(slurp(out), slurp(in));
}

TEST_F(FormatCommandsTest, CompareWritesOneRowPerImage) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert_julia_annotations.csv");
  const auto out = dir / "eval.csv";
  const auto r = runCli({"compare", cxr::test::sharedData("chexmask/CheXpert_julia_annotations.csv").string(),
                         cxr::test::sharedData("chexmask/CheXpert.csv").string(), "-o", out.string()});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("56 images compared"), std::string::npos) << r.output;
  EXPECT_EQ(lineCount(slurp(out)), 57u);
}

TEST_F(FormatCommandsTest, BadInputExitsNonZeroWithOneLineNamingFileAndCause) {
  const auto bad = dir / "bad.csv";
  std::ofstream(bad) << "Image Index,Landmarks,Left Lung,Right Lung,Heart\nx.png,\"1,2,3\",,,\n";
  const auto r = runCli({"csv", "check", bad.string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(lineCount(r.output), 1u) << r.output;
  EXPECT_NE(r.output.find("bad.csv: line 2, column 'Landmarks'"), std::string::npos) << r.output;
  const auto missing = runCli({"csv", "check", (dir / "nope.csv").string()});
  EXPECT_NE(missing.exitCode, 0);
}
