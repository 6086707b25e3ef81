// `refset build` and `rca` end to end with the bundled demo model, on synthetic radiographs
// written by `synth` (its ground_truth.csv is both a landmarks CSV and a PRED.csv). Working
// size 96 and k = 2 keep it quick.
#include "core/format/CsvReader.h"
#include "core/format/CsvWriter.h"
#include "core/format/NumberText.h"
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

using cxr::test::readCsvRows;
using cxr::test::runCli;

namespace {

namespace fs = std::filesystem;
const std::string kDemoModel = std::string(CXR_SOURCE_DIR) + "/models/hybridgnet-jsrt256.pt";

// Shifts every landmark of a Landmarks field by dx pixels.
std::string shifted(const std::string& landmarks, double dx) {
  std::string out;
  size_t start = 0;
  int index = 0;
  while (start <= landmarks.size()) {
    size_t end = landmarks.find(',', start);
    if (end == std::string::npos) end = landmarks.size();
    double v = *cxr::format::NumberText::parse(landmarks.substr(start, end - start));
    if (index % 2 == 0) v += dx;
    out += (index ? "," : "") + cxr::format::NumberText::shortest(v);
    ++index;
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST(RcaCommandsTest, RefsetBuildThenRcaOfFilesAndOfADatabase) {
  const fs::path dir = cxr::test::makeTempDir("rcacli");
  auto r = runCli({"synth", "-n", "5", "--size", "256", "--original-resolution", "-o", (dir / "refs").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  r = runCli({"refset", "build", "--images", (dir / "refs").string(), "--landmarks",
              (dir / "refs" / "ground_truth.csv").string(), "--model", kDemoModel, "-o", (dir / "refset").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("5 references, latent 64"), std::string::npos) << r.output;
  ASSERT_TRUE(fs::exists(dir / "refset" / "refset.json"));

  // Two query images: the first with its exact ground truth, the second with the truth shifted
  // 25 px sideways (a clearly worse prediction).
  r = runCli({"synth", "-n", "2", "--seed", "50", "--size", "256", "--original-resolution", "-o",
              (dir / "query").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  auto truth = readCsvRows((dir / "query" / "ground_truth.csv").string());
  ASSERT_EQ(truth.size(), 3u);
  const auto col = [&](const std::vector<std::string>& header, const std::string& name) {
    return size_t(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const size_t lm = col(truth[0], "Landmarks");
  ASSERT_LT(lm, truth[0].size());
  truth[2][lm] = shifted(truth[2][lm], 25.0);
  {
    cxr::format::CsvWriter out((dir / "pred.csv").string());
    for (const auto& row : truth) out.write(row);
    out.close();
  }
  const std::string a = (dir / "query" / "synth_000050.png").string(), b = (dir / "query" / "synth_000051.png").string();
  r = runCli({"rca", a, b, "--predictions", (dir / "pred.csv").string(), "--refset", (dir / "refset").string(),
              "--model", kDemoModel, "-k", "2", "--size", "96", "-o", (dir / "out.csv").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const auto out = readCsvRows((dir / "out.csv").string());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0][0], "ImageID");
  const size_t mx = col(out[0], "Dice RCA (Max)"), mean = col(out[0], "Dice RCA (Mean)");
  ASSERT_LT(mx, out[0].size());
  ASSERT_LT(mean, out[0].size());
  EXPECT_LT(col(out[0], "Dice RCA Heart (Mean)"), out[0].size());
  EXPECT_EQ(out[1][0], "synth_000050.png");
  const double good = *cxr::format::NumberText::parse(out[1][mx]), bad = *cxr::format::NumberText::parse(out[2][mx]);
  std::printf("RCA max: ground truth %.4f, shifted 25 px %.4f\n", good, bad);
  EXPECT_GT(good, 0.8);
  EXPECT_GT(good, bad + 0.05);
  EXPECT_LE(*cxr::format::NumberText::parse(out[1][mean]), good);

  // An image without a row, and a model other than the set's, are clear errors.
  r = runCli({"rca", (dir / "refs" / "synth_000001.png").string(), "--predictions", (dir / "pred.csv").string(),
              "--refset", (dir / "refset").string(), "--model", kDemoModel, "-o", (dir / "x.csv").string()});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("synth_000001.png: no row"), std::string::npos) << r.output;
  fs::copy_file(kDemoModel, dir / "other.pt");
  { std::ofstream(dir / "other.pt", std::ios::app) << "x"; }
  r = runCli({"rca", a, "--predictions", (dir / "pred.csv").string(), "--refset", (dir / "refset").string(),
              "--model", (dir / "other.pt").string(), "-o", (dir / "x.csv").string()});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("SHA-256"), std::string::npos) << r.output;

  // The database form: segment with the model (versions carry latents), then RCA; resumable.
  const std::string db = (dir / "review.db").string();
  r = runCli({"import-images", "-d", db, (dir / "query").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  r = runCli({"run-segment", "-d", db, "-m", kDemoModel, "-q"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const std::vector<std::string> rcaDb = {"rca", "-d", db, "--refset", (dir / "refset").string(), "--model",
                                          kDemoModel, "-k", "2", "--size", "96", "-q"};
  r = runCli(rcaDb);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("2 to do, 2 scored, 0 failed"), std::string::npos) << r.output;
  r = runCli(rcaDb);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("0 to do"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(RcaCommandsTest, RefsetFromTheSyntheticGeneratorAndClearErrorsWithoutASource) {
  const fs::path dir = cxr::test::makeTempDir("rcacli-synth");
  auto r = runCli({"refset", "build", "--synthetic", "3", "--synthetic-size", "128", "--model", kDemoModel, "-o",
                   (dir / "synth").string(), "-q"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("reference set synth-"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("3 references"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(dir / "synth" / "images"));
  r = runCli({"refset", "build", "--model", kDemoModel, "-o", (dir / "none").string()});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("--synthetic N"), std::string::npos) << r.output;
  r = runCli({"refset", "build", "--images", dir.string(), "--landmarks", (dir / "missing.csv").string(), "--model",
              kDemoModel, "-o", (dir / "x").string()});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("missing.csv"), std::string::npos) << r.output;
  fs::remove_all(dir);
}
