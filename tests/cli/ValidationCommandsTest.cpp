// `validate` and `sample` end to end on the shared CheXmask rows and both physicians' files.
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include "core/format/CsvComparison.h"
#include "core/format/CsvReader.h"
#include "core/format/NumberText.h"
#include "core/format/Statistics.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

using cxr::test::runCli;
using cxr::test::sharedData;
namespace fs = std::filesystem;

namespace {

const char* const kDatasets[] = {"CheXpert", "ChestX-Ray8", "VinDr-CXR"};
const char* const kReaders[] = {"julia", "martina"};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ValidationCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* d : kDatasets) {
      CXR_REQUIRE_SHARED(std::string("chexmask/") + d + ".csv");
      for (const char* r : kReaders)
        CXR_REQUIRE_SHARED(std::string("chexmask/") + d + "_" + r + "_annotations.csv");
    }
    dir = cxr::test::makeTempDir("cli-validate");
    db = (dir / "review.db").string();
    std::vector<std::string> args = {"import", "-q", "-d", db};
    for (const char* d : kDatasets) {
      args.push_back(sharedData(std::string("chexmask/") + d + ".csv").string());
      for (const char* r : kReaders)
        args.push_back(sharedData(std::string("chexmask/") + d + "_" + r + "_annotations.csv").string());
    }
    const auto r = runCli(args);
    ASSERT_EQ(r.exitCode, 0) << r.output;
  }
  void TearDown() override {
    if (!dir.empty()) fs::remove_all(dir);
  }
  fs::path dir;
  std::string db;
};

}  // namespace

// For each physician and dataset: the correlation computed directly from the CSV files (the
// physician file compared with the model file by `CsvComparison`, which reads no database, and
// the RCA columns of the model file) equals what `validate` reports from the database.
TEST_F(ValidationCommandsTest, ValidateReproducesTheCorrelationsComputedFromTheCsvFiles) {
  for (const char* reader : kReaders) {
    SCOPED_TRACE(reader);
    const fs::path out = dir / (std::string("out_") + reader);
    const auto r = runCli({"validate", "-q", "-d", db, "--reader", reader, "-o", out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    for (const char* f : {"validation.csv", "summary.json", "scatter_rca_max.png", "scatter_rca_max.svg",
                          "scatter_rca_mean.png", "scatter_rca_mean.svg", "rca_histograms.png",
                          "rca_histograms.svg"})
      EXPECT_GT(fs::file_size(out / f), 100u) << f;
    const std::string csv = slurp(out / "validation.csv");
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "Dataset,ImageID,Dice GT,Dice RCA (Max),Dice RCA (Mean),Dice Lungs,Dice Heart,"
              "Hausdorff Lungs,Hausdorff Heart,Hausdorff 95 Lungs,Hausdorff 95 Heart,MSE");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 157);  // 56 + 50 + 50 images
    EXPECT_EQ(slurp(out / "scatter_rca_max.png").substr(1, 3), "PNG");
    const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
    EXPECT_EQ(summary["reader"], reader);
    EXPECT_EQ(summary["overall"]["n"], 156);
    ASSERT_EQ(summary["datasets"].size(), 3u);
    std::vector<double> allMax, allMean, allDice;
    for (std::size_t d = 0; d < 3; ++d) {
      const std::string name = kDatasets[d];
      SCOPED_TRACE(name);
      const auto ref = (dir / (name + "_" + reader + ".csv")).string();
      cxr::format::CsvComparison::compareFiles(
          sharedData("chexmask/" + name + "_" + reader + "_annotations.csv").string(),
          sharedData("chexmask/" + name + ".csv").string(), ref);
      cxr::format::CsvReader in(ref);
      std::vector<std::string> f;
      in.next(f);
      const auto col = [&](const std::string& h) {
        return std::size_t(std::find(f.begin(), f.end(), h) - f.begin());
      };
      const std::size_t gt = col("Dice GT"), mx = col("Dice RCA (Max)"), mn = col("Dice RCA (Mean)");
      ASSERT_LT(mn, f.size());
      std::vector<double> rcaMax, rcaMean, dice;
      while (in.next(f)) {
        dice.push_back(*cxr::format::NumberText::parse(f[gt]));
        rcaMax.push_back(*cxr::format::NumberText::parse(f[mx]));
        rcaMean.push_back(*cxr::format::NumberText::parse(f[mn]));
      }
      allMax.insert(allMax.end(), rcaMax.begin(), rcaMax.end());
      allMean.insert(allMean.end(), rcaMean.begin(), rcaMean.end());
      allDice.insert(allDice.end(), dice.begin(), dice.end());
      using S = cxr::format::Statistics;
      const auto& g = summary["datasets"][d];
      EXPECT_EQ(g["dataset"], name);
      EXPECT_EQ(g["n"].get<std::size_t>(), dice.size());
      EXPECT_NEAR(g["rca_max"]["pearson_r"].get<double>(), *S::pearson(rcaMax, dice), 1e-12);
      EXPECT_NEAR(g["rca_max"]["spearman_rho"].get<double>(), *S::spearman(rcaMax, dice), 1e-12);
      EXPECT_NEAR(g["rca_mean"]["pearson_r"].get<double>(), *S::pearson(rcaMean, dice), 1e-12);
      EXPECT_NEAR(g["rca_mean"]["spearman_rho"].get<double>(), *S::spearman(rcaMean, dice), 1e-12);
      EXPECT_NEAR(g["rca_max"]["mae"].get<double>(), *S::meanAbsoluteError(rcaMax, dice), 1e-12);
      EXPECT_NEAR(g["rca_max"]["fitted_line"]["slope"].get<double>(), S::fitLine(rcaMax, dice)->slope, 1e-9);
      std::printf("%s %-12s n %zu  RCA Max r %.3f rho %.3f  RCA Mean r %.3f rho %.3f\n", reader,
                  name.c_str(), dice.size(), *S::pearson(rcaMax, dice), *S::spearman(rcaMax, dice),
                  *S::pearson(rcaMean, dice), *S::spearman(rcaMean, dice));
    }
    using S = cxr::format::Statistics;
    EXPECT_NEAR(summary["overall"]["rca_max"]["pearson_r"].get<double>(), *S::pearson(allMax, allDice), 1e-12);
    EXPECT_NEAR(summary["overall"]["rca_mean"]["spearman_rho"].get<double>(), *S::spearman(allMean, allDice), 1e-12);
  }
}

TEST_F(ValidationCommandsTest, SampleReportsItsDrawAndRefusesATakenNameOrAMissingDatabase) {
  auto r = runCli({"sample", "-d", db, "--seed", "7", "--worklist", "first"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("CheXpert          56 eligible"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("seed 7"), std::string::npos) << r.output;
  r = runCli({"sample", "-d", db, "--seed", "7", "--worklist", "first"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("a worklist named 'first' already exists"), std::string::npos) << r.output;
  r = runCli({"sample", "-d", db, "--threshold", "0.9", "--bins", "4", "--per-bin", "2", "--extra",
              "3", "--worklist", "second"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("RCA Max > 0.9"), std::string::npos) << r.output;
  r = runCli({"sample", "-d", (dir / "missing.db").string(), "--worklist", "x"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_FALSE(fs::exists(dir / "missing.db"));
  r = runCli({"validate", "-d", db, "--reader", "nobody", "-o", (dir / "o").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("no reader named 'nobody'"), std::string::npos) << r.output;
}
