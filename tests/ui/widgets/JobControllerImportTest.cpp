// Import from the application: a folder with radiographs and a broken file, and CheXmask CSVs
// (a model file, a physician file, a malformed one); the summary says what was imported, what was
// skipped and why, and the store holds exactly the good data.
#include "core/store/ReviewStore.h"
#include "core/store/WorklistRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/JobController.h"

#include <gtest/gtest.h>

#include <QSignalSpy>

#include <filesystem>
#include <fstream>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

TEST(JobControllerImportTest, FolderAndCsvImportReportsWhatWasSkippedAndWhy) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const auto dir = makeTempDir("gui-import");
  fs::create_directories(dir / "folder");
  fs::copy_file(sharedData("images/nih/00001437_024.png"), dir / "folder" / "a.png");
  fs::copy_file(sharedData("images/wikimedia_cc0_pa_chest.jpg"), dir / "folder" / "b.jpg");
  std::ofstream(dir / "folder" / "broken.png") << "\x89PNG\r\n\x1a\n truncated";
  std::ofstream(dir / "bad.csv") << "Image Index,Landmarks\nx.png,1,2\n";
  const std::string db = (dir / "import.cxrdb").string();
  { store::ReviewStore create(db); }
  widgets::JobController jobs;
  QSignalSpy finished(&jobs, &widgets::JobController::finished);
  jobs.import(QString::fromStdString(db), {QString::fromStdString((dir / "folder").string())},
              {QString::fromStdString(sharedData("chexmask/ChestX-Ray8.csv").string()),
               QString::fromStdString(sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string()),
               QString::fromStdString((dir / "bad.csv").string())},
              {});
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 120000));
  const auto args = finished.takeFirst();
  const QString summary = args.at(2).toString();
  EXPECT_FALSE(args.at(0).toBool()) << "a CSV failed, so the import is not reported as clean";
  EXPECT_TRUE(summary.contains("2 images imported, 1 could not be read")) << summary.toStdString();
  EXPECT_TRUE(summary.contains("broken.png")) << summary.toStdString();
  EXPECT_TRUE(summary.contains("ChestX-Ray8.csv → dataset ChestX-Ray8, reader chexmask: 50 rows")) << summary.toStdString();
  EXPECT_TRUE(summary.contains("bad.csv was not imported")) << summary.toStdString();
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db, ro);
  EXPECT_EQ(s.worklist().count({}), 52) << "50 CSV images + 2 folder images";
}

}  // namespace
}  // namespace cxr::test
