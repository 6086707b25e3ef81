// Export from the application: the job runs off the GUI thread, reports progress, writes the
// CSV and the per-image files, and a cancelled export leaves no CSV behind.
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/JobController.h"

#include <gtest/gtest.h>

#include <QSignalSpy>

#include <filesystem>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

std::string importedStore(const fs::path& dir) {
  const std::string db = (dir / "export.cxrdb").string();
  store::ReviewStore s(db);
  store::CheXmaskImporter importer(s);
  importer.importFile(sharedData("chexmask/ChestX-Ray8.csv").string());
  importer.importFile(sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string());
  return db;
}

TEST(JobControllerExportTest, ExportRunsInTheBackgroundWithProgressAndASummary) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  const auto dir = makeTempDir("gui-export");
  const std::string db = importedStore(dir);
  widgets::JobController jobs;
  QSignalSpy progress(&jobs, &widgets::JobController::progress);
  QSignalSpy finished(&jobs, &widgets::JobController::finished);
  interop::ExportRequest req;
  req.filter.reader = "julia";
  req.filter.status = interop::StatusFilter::Validated;
  req.csvPath = (dir / "julia.csv").string();
  req.perImageDir = (dir / "images").string();
  jobs.exportValidated(QString::fromStdString(db), req);
  EXPECT_TRUE(jobs.running());
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 120000));
  const auto args = finished.takeFirst();
  const QString summary = args.at(2).toString();
  EXPECT_TRUE(args.at(0).toBool()) << summary.toStdString();
  EXPECT_FALSE(args.at(1).toBool());
  EXPECT_TRUE(summary.contains("Exported 50 images: 50 CSV rows, 50 image folders")) << summary.toStdString();
  EXPECT_GE(progress.count(), 1);
  EXPECT_EQ(progress.last().at(0).toLongLong(), 50);
  EXPECT_TRUE(fs::exists(dir / "julia.csv"));
  EXPECT_TRUE(fs::exists(dir / "julia.csv.provenance.json"));
  EXPECT_FALSE(jobs.running());
}

TEST(JobControllerExportTest, CancelledExportLeavesNoCsv) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  const auto dir = makeTempDir("gui-export-cancel");
  const std::string db = importedStore(dir);
  widgets::JobController jobs;
  QSignalSpy finished(&jobs, &widgets::JobController::finished);
  interop::ExportRequest req;
  req.csvPath = (dir / "all.csv").string();
  req.perImageDir = (dir / "images").string();
  jobs.exportValidated(QString::fromStdString(db), req);
  jobs.cancel();  // the exporter checks the token before every row
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 120000));
  const auto args = finished.takeFirst();
  EXPECT_TRUE(args.at(1).toBool()) << args.at(2).toString().toStdString();
  EXPECT_FALSE(fs::exists(dir / "all.csv"));
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".part"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace cxr::test
