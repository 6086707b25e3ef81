// Bad input never takes the application down: a truncated image file, a broken model file.
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"

#include <gtest/gtest.h>

#include <QLabel>
#include <QSignalSpy>

#include <filesystem>
#include <fstream>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

TEST(BadInputGuiTest, TruncatedImageFileShowsAClearMessageAndTheContoursStayReviewable) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const auto dir = makeTempDir("gui-bad-image");
  fs::create_directories(dir / "images");
  const fs::path png = dir / "images" / kNihImage;
  fs::copy_file(sharedData("images/nih/00001437_024.png"), png);
  const std::string db = (dir / "bad.cxrdb").string();
  {
    store::ReviewStore s(db);
    store::CsvImportOptions options;
    options.imageRoot = (dir / "images").string();
    store::CheXmaskImporter(s).importFile(sharedData("chexmask/ChestX-Ray8.csv").string(), options);
  }
  fs::resize_file(png, fs::file_size(png) / 3);  // the file is damaged after import
  widgets::MainWindow w;
  w.resize(1200, 800);
  w.show();
  ASSERT_TRUE(openCaseAndWait(w, db, "tester", kNihImage));
  auto* banner = w.findChild<QLabel*>("bannerText");
  ASSERT_NE(banner, nullptr);
  EXPECT_TRUE(banner->isVisible());
  EXPECT_TRUE(banner->text().contains(kNihImage)) << banner->text().toStdString();
  ASSERT_TRUE(w.session().currentCase()->reviewVersion.has_value()) << "the segmentation is still there";
  EXPECT_TRUE(w.session().editable());
}

using BadModelGuiTest = NihCaseTest;

TEST_F(BadModelGuiTest, BrokenModelFileEndsTheJobWithAMessageNamingTheFile) {
  const std::string db = this->db();
  const fs::path model = fs::path(db).parent_path() / "not-a-model.pt";
  std::ofstream(model) << "this is not a torch file";
  widgets::MainWindow w;
  widgets::ModelChoice choice;
  choice.weightsPath = model.string();
  w.setModelChoice(choice);
  ASSERT_TRUE(showCase(w, "tester"));
  QSignalSpy finished(&w.jobs(), &widgets::JobController::finished);
  w.jobs().segment(QString::fromStdString(db), choice, {w.session().currentCase()->image.id});
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
  const auto args = finished.takeFirst();
  EXPECT_FALSE(args.at(0).toBool());
  EXPECT_TRUE(args.at(2).toString().contains("not-a-model.pt")) << args.at(2).toString().toStdString();
  // The window and the store are fine: the case is still open and can be decided.
  EXPECT_NE(w.session().currentCase(), nullptr);
  store::StoreOptions ro;
  ro.readOnly = true;
  EXPECT_TRUE(store::ReviewStore(db, ro).integrityCheck().empty());
}

}  // namespace
}  // namespace cxr::test
