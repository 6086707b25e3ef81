// `chexreview-cli train --images ... --landmarks ...`: the cross-validation split (--folds,
// --fold, --train-on-all, split.csv) and the learning-rate schedule options, on the shared
// JSRT images at a small input size (one or two epochs: what is checked is the plumbing).
#include "core/format/CsvReader.h"
#include "core/format/NumberText.h"
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cxr::test::readCsvRows;
using cxr::test::runCli;

std::vector<std::string> jsrtArgs(const fs::path& out) {
  return {"train", "--images", cxr::test::sharedData("images/jsrt512").string(), "--splits",
          cxr::test::sharedData("images/jsrt512/SPLITS.csv").string(), "--landmarks",
          cxr::test::sharedData("landmarks/landmarks_1024.csv").string(), "--landmark-scale", "0.5",
          "--input-size", "64", "--threads", "1", "-o", out.string()};
}

TEST(TrainCommandTest, FoldsDealSortedIdsRoundRobinAndTrainOnAllKeepsTheValidationImagesInTraining) {
  CXR_REQUIRE_SHARED("images/jsrt512/SPLITS.csv");
  CXR_REQUIRE_SHARED("landmarks/landmarks_1024.csv");
  const auto dir = cxr::test::makeTempDir("train-folds");
  auto args = jsrtArgs(dir / "fold2");
  args.insert(args.end(), {"--epochs", "1", "--folds", "5", "--fold", "2"});
  auto r = runCli(args);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("156 training and 39 validation images"), std::string::npos) << r.output;
  const auto split = readCsvRows((dir / "fold2" / "split.csv").string());
  ASSERT_EQ(split.size(), 196u);
  EXPECT_EQ(split[0], (std::vector<std::string>{"id", "split"}));
  for (size_t i = 1; i < split.size(); ++i) {
    if (i > 1) {
      EXPECT_LT(split[i - 1][0], split[i][0]) << "ids are listed sorted";
    }
    EXPECT_EQ(split[i][1], (i - 1) % 5 == 1 ? "val" : "train") << split[i][0];
  }
  EXPECT_TRUE(fs::exists(dir / "fold2" / "last.pt"));

  args = jsrtArgs(dir / "all");
  args.insert(args.end(), {"--epochs", "1", "--folds", "5", "--fold", "2", "--train-on-all"});
  r = runCli(args);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("195 training and 39 validation images"), std::string::npos) << r.output;

  args = jsrtArgs(dir / "bad");
  args.insert(args.end(), {"--folds", "5", "--fold", "6"});
  r = runCli(args);
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("--fold must be between 1 and --folds"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(TrainCommandTest, CosineScheduleWithWarmUpIsWhatTheHistoryRecords) {
  CXR_REQUIRE_SHARED("images/jsrt512/SPLITS.csv");
  CXR_REQUIRE_SHARED("landmarks/landmarks_1024.csv");
  const auto dir = cxr::test::makeTempDir("train-cosine");
  auto args = jsrtArgs(dir / "run");
  args.insert(args.end(), {"--epochs", "3", "--lr", "1e-3", "--lr-schedule", "cosine", "--lr-min", "0.1", "--warmup", "1",
                           "--elastic", "0.01", "--contrast", "0.1", "--opacity", "0.5", "--folds", "13", "--fold", "1"});
  const auto r = runCli(args);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const auto history = readCsvRows((dir / "run" / "history.csv").string());
  ASSERT_EQ(history.size(), 4u);
  ASSERT_EQ(history[0][1], "lr");
  // Warm-up epoch 1 at lr / 2, then half a cosine from 1e-3 (epoch 2) to 1e-4 (epoch 3).
  EXPECT_NEAR(*cxr::format::NumberText::parse(history[1][1]), 5e-4, 1e-12);
  EXPECT_NEAR(*cxr::format::NumberText::parse(history[2][1]), 1e-3, 1e-12);
  EXPECT_NEAR(*cxr::format::NumberText::parse(history[3][1]), 1e-4, 1e-12);
  fs::remove_all(dir);
}

}  // namespace
