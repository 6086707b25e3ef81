#include "core/engine/Validation.h"

#include "core/engine/EngineError.h"
#include "core/engine/ValidationFigures.h"
#include "core/format/CsvComparison.h"
#include "core/format/CsvReader.h"
#include "core/format/NumberText.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>

using namespace cxr::engine;
using cxr::test::sharedData;

namespace {

/// The ChestX-Ray8 model file and julia's corrections imported.
class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
    CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
    dir = cxr::test::makeTempDir("validation");
    store = std::make_unique<cxr::store::ReviewStore>((dir / "v.db").string());
    cxr::store::CheXmaskImporter importer(*store);
    importer.importFile(sharedData("chexmask/ChestX-Ray8.csv").string(), {});
    importer.importFile(sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string(), {});
  }
  void TearDown() override {
    store.reset();
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<cxr::store::ReviewStore> store;
};

std::map<std::string, std::vector<std::string>> readEvaluation(const std::string& path) {
  cxr::format::CsvReader in(path);
  std::vector<std::string> f;
  in.next(f);  // header
  std::map<std::string, std::vector<std::string>> rows;
  while (in.next(f)) rows[f[1]] = f;
  return rows;
}

}  // namespace

TEST_F(ValidationTest, RowsEqualTheCsvComparisonOfThePhysicianFileWithTheModelFile) {
  ValidationOptions o;
  o.reader = "julia";
  std::size_t calls = 0;
  o.progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, 50u);
    EXPECT_EQ(done, calls);
  };
  const auto rows = Validation::collect(*store, o);
  ASSERT_EQ(rows.size(), 50u);
  EXPECT_EQ(calls, 50u);
  // The reference: `compare` of the two CSV files (no store involved), evaluation layout.
  const auto ref = (dir / "ref.csv").string();
  cxr::format::CsvComparison::compareFiles(sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string(),
                                           sharedData("chexmask/ChestX-Ray8.csv").string(), ref);
  const auto expected = readEvaluation(ref);
  const auto mine = (dir / "validation.csv").string();
  Validation::writeCsv(rows, mine);
  const auto written = readEvaluation(mine);
  ASSERT_EQ(written.size(), 50u);
  for (const auto& [id, e] : expected) {
    SCOPED_TRACE(id);
    ASSERT_TRUE(written.count(id));
    const auto& w = written.at(id);
    EXPECT_EQ(w[0], "ChestX-Ray8");
    // Reference header: ImageID (or the id column), Dice GT, Dice RCA (Max), (Mean), Dice Lungs...
    // Both have the metrics in the same order after the id; compare the numbers.
    for (std::size_t k = 2; k < w.size(); ++k) {
      const auto a = cxr::format::NumberText::parse(w[k]);
      const auto b = cxr::format::NumberText::parse(e[k]);
      ASSERT_EQ(a.has_value(), b.has_value()) << "column " << k;
      if (a) {
        EXPECT_NEAR(*a, *b, 1e-9) << "column " << k;
      }
    }
  }
}

TEST_F(ValidationTest, SummaryJsonHoldsTheStatisticsOfTheRows) {
  const auto rows = Validation::collect(*store, {"julia", std::nullopt, {}, {}});
  const auto s = Validation::summarize(rows, "julia");
  std::vector<double> x, y;
  for (const auto& r : rows) {
    x.push_back(*r.rcaMax);
    y.push_back(r.metrics.diceGT);
  }
  ASSERT_EQ(s.datasets.size(), 1u);
  EXPECT_EQ(s.overall.n, 50u);
  const auto j = nlohmann::json::parse(Validation::summaryJson(s));
  EXPECT_EQ(j["reader"], "julia");
  EXPECT_EQ(j["datasets"][0]["dataset"], "ChestX-Ray8");
  EXPECT_EQ(j["overall"]["n"], 50);
  EXPECT_DOUBLE_EQ(j["overall"]["rca_max"]["pearson_r"].get<double>(), *cxr::format::Statistics::pearson(x, y));
  EXPECT_DOUBLE_EQ(j["overall"]["rca_max"]["spearman_rho"].get<double>(), *cxr::format::Statistics::spearman(x, y));
  EXPECT_DOUBLE_EQ(j["overall"]["rca_max"]["mae"].get<double>(), *cxr::format::Statistics::meanAbsoluteError(x, y));
  EXPECT_DOUBLE_EQ(j["overall"]["rca_max"]["fitted_line"]["slope"].get<double>(), cxr::format::Statistics::fitLine(x, y)->slope);
  const auto heart = Validation::summarize(rows, "julia", ValidationOrgan::Heart);
  EXPECT_NE(*heart.overall.rcaMax.pearson, *s.overall.rcaMax.pearson);
}

TEST_F(ValidationTest, FiguresDrawEveryPointAndTheFittedLine) {
  const auto rows = Validation::collect(*store, {"julia", std::nullopt, {}, {}});
  const auto fig = ValidationFigures::scatter(rows, RcaKind::Max, ValidationOrgan::Combined, "julia");
  const auto ops = cxr::format::FigureRenderer::layout(fig);
  std::size_t circles = 0;
  for (const auto& op : ops) circles += op.kind == cxr::format::DrawOp::Kind::Circle;
  EXPECT_EQ(circles, 50u);  // every point lies in the plotted range
  const auto svg = cxr::format::FigureRenderer::toSvg(ops, fig.width, fig.height);
  EXPECT_NE(svg.find("Pearson r = "), std::string::npos);
  EXPECT_NE(svg.find("least squares"), std::string::npos);
  const auto hist = ValidationFigures::histograms(rows);
  ASSERT_EQ(hist.panels.size(), 1u);
  double bars = 0;
  for (double v : hist.panels[0].series[0].y) bars += v;
  EXPECT_EQ(bars, 50.0);  // every RCA Max in one bin
}

TEST_F(ValidationTest, UnknownReaderNoCorrectionsAndCancelAreClearErrors) {
  try {
    Validation::collect(*store, {"nobody", std::nullopt, {}, {}});
    FAIL() << "no error";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("no reader named 'nobody'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Validation::collect(*store, {"chexmask", std::nullopt, {}, {}}), EngineError);
  ValidationOptions o;
  o.reader = "julia";
  o.cancel.cancel();
  EXPECT_THROW(Validation::collect(*store, o), EngineError);
  EXPECT_THROW(Validation::collect(*store, {"julia", std::string("VinDr-CXR"), {}, {}}), EngineError);
}
