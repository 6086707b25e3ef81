#include "core/format/CsvReader.h"
#include "core/format/NumberText.h"
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

using cxr::test::runCli;

namespace {
const std::string kDemoModel = std::string(CXR_SOURCE_DIR) + "/models/hybridgnet-jsrt256.pt";

// `compare TRUTH PREDICTED` of one image: the evaluation row's figures by column name
// (empty, with a test failure recorded, when the command fails or compares no image).
std::map<std::string, double> compareOneImage(const std::filesystem::path& truth, const std::filesystem::path& predicted,
                                              const std::filesystem::path& eval) {
  const auto r = runCli({"compare", truth.string(), predicted.string(), "-o", eval.string()});
  if (r.exitCode != 0 || r.output.find("1 images compared") == std::string::npos) {
    ADD_FAILURE() << r.output;
    return {};
  }
  cxr::format::CsvReader reader(eval.string());
  std::vector<std::string> header, row;
  if (!reader.next(header) || !reader.next(row) || row.size() != header.size()) {
    ADD_FAILURE() << eval << " has no evaluation row";
    return {};
  }
  std::map<std::string, double> figures;
  for (size_t i = 0; i < header.size(); ++i)
    if (auto v = cxr::format::NumberText::parse(row[i])) figures[header[i]] = *v;
  return figures;
}

// The bundled model's CheXmask row of the real NIH case, written to dir/seg.csv.
std::filesystem::path segmentNihCase(const std::filesystem::path& dir) {
  const auto out = dir / "seg.csv";
  const auto r = runCli({"segment", cxr::test::sharedData("images/nih/00001437_024.png").string(), "--model", kDemoModel,
                         "-o", out.string()});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  return out;
}
}  // namespace

// The bundled demo model on the real NIH case, scored against the released CheXmask row.
TEST(ModelCommandsTest, SegmentOfNihImageAgreesWithItsCheXmaskRow) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const auto dir = cxr::test::makeTempDir("segmentcli");
  auto figures = compareOneImage(cxr::test::sharedData("chexmask/ChestX-Ray8.csv"), segmentNihCase(dir), dir / "eval.csv");
  // Model card: lungs 0.90, heart 0.92 on this image (a 256-input demo model, not the official one).
  EXPECT_GT(figures["Dice Lungs"], 0.8);
  EXPECT_GT(figures["Dice Heart"], 0.8);
  ASSERT_TRUE(figures.count("Hausdorff Lungs"));
  EXPECT_LT(figures["Hausdorff Lungs"], 150);
  std::filesystem::remove_all(dir);
}

// The bundled model on the real NIH case against each physician's correction (CheXmask's
// expert annotations); it never saw this image (JSRT only). Issue 14's bar: lungs >= 0.92 and
// heart >= 0.85 against each physician. Version 4 meets the heart's (0.881 julia, 0.944
// martina) and not the lungs' (0.894, 0.881: model card), so the lungs are held above version
// 3 (0.882, 0.867) and version 1 (0.862, 0.841): a regression to an older model fails here.
TEST(ModelCommandsTest, BundledModelAgreesWithBothPhysiciansOnTheNihCase) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const auto dir = cxr::test::makeTempDir("segmentnih");
  const auto predicted = segmentNihCase(dir);
  double lungs = 0, heart = 0;
  for (const std::string reader : {"julia", "martina"}) {
    const auto truth = cxr::test::sharedData("chexmask/ChestX-Ray8_" + reader + "_annotations.csv");
    if (!std::filesystem::exists(truth)) GTEST_SKIP() << truth << " is absent";
    auto figures = compareOneImage(truth, predicted, dir / ("eval-" + reader + ".csv"));
    EXPECT_GE(figures["Dice Heart"], 0.85) << reader << ": issue 14's bar";
    EXPECT_GE(figures["Dice Lungs"], 0.875) << reader << ": above versions 1 and 3";
    lungs += figures["Dice Lungs"] / 2;
    heart += figures["Dice Heart"] / 2;
  }
  EXPECT_GE(lungs, 0.883) << "mean over both physicians (version 3: 0.875)";
  EXPECT_GE(heart, 0.90) << "mean over both physicians (version 3: 0.861)";
  std::filesystem::remove_all(dir);
}

TEST(ModelCommandsTest, WrongWeightsFileIsAClearError) {
  const auto dir = cxr::test::makeTempDir("segmentbad");
  const auto bogus = dir / "bogus.pt";
  { std::ofstream(bogus) << "not a torch file"; }
  const auto r = runCli({"segment", kDemoModel, "--model", bogus.string(), "-o", (dir / "x.csv").string()});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("bogus.pt"), std::string::npos) << r.output;
  std::filesystem::remove_all(dir);
}

// The images go through the engine's parallel pipeline; the rows must still follow the arguments.
TEST(ModelCommandsTest, SegmentWritesRowsInArgumentOrder) {
  const auto dir = cxr::test::makeTempDir("segmentorder");
  auto r = runCli({"synth", "-n", "3", "--size", "256", "-o", (dir / "synth").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const std::vector<std::string> names = {"synth_000003.png", "synth_000001.png", "synth_000002.png"};
  std::vector<std::string> args = {"segment"};
  for (const std::string& name : names) args.push_back((dir / "synth" / name).string());
  args.insert(args.end(), {"--model", kDemoModel, "--batch", "1", "-o", (dir / "seg.csv").string(),
                           "--preprocessed-out", (dir / "seg1024.csv").string()});
  r = runCli(args);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("segmented 1/3\nsegmented 2/3\nsegmented 3/3\n"), std::string::npos) << r.output;
  for (const char* file : {"seg.csv", "seg1024.csv"}) {
    cxr::format::CsvReader reader((dir / file).string());
    std::vector<std::string> row, ids;
    ASSERT_TRUE(reader.next(row));
    EXPECT_EQ(row[0], "ImageID");
    while (reader.next(row)) ids.push_back(row[0]);
    EXPECT_EQ(ids, names) << file;
  }
  std::filesystem::remove_all(dir);
}
