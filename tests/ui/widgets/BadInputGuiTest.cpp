// Bad input never takes the application down: a truncated image file, a broken model file, and
// the whole bad-input corpus (tests/common/BadInputCorpus.h) shown in the window with the same
// errors the CLI gives.
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/BadInputCorpus.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"

#include <gtest/gtest.h>

#include <QLabel>
#include <QMessageBox>
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
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
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

using BadCorpusGuiTest = NihCaseTest;

// Counts of what the store holds, to show that nothing stored was lost or added. (An image that
// cannot be read is recorded with the image errors of the import's folder dataset, by design:
// those two counts may grow.)
std::string storeCounts(const std::string& db) {
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db, ro);
  const auto st = s.status();
  return std::to_string(st.images) + " images, " + std::to_string(st.versions) + " versions, " +
         std::to_string(st.reviews) + " reviews";
}

// Every case of the bad-input corpus through the window, where a physician meets it: CSVs and
// images through the import job (its summary box), model files through a segmentation job,
// databases through File > Open (the banner). Each shows the error the CLI shows (the file named,
// the same problem fragment); the window stays usable and the open database is unchanged.
TEST_F(BadCorpusGuiTest, EveryCorpusCaseShowsTheCliErrorInTheWindow) {
  const std::string db = this->db();
  const fs::path dir = fs::path(db).parent_path() / "corpus";
  fs::create_directories(dir);
  widgets::MainWindow w;
  ASSERT_TRUE(showCase(w, "tester"));
  const qint64 imageId = w.session().currentCase()->image.id;
  const std::string before = storeCounts(db);
  auto* banner = w.findChild<QLabel*>("bannerText");
  ASSERT_NE(banner, nullptr);
  // The message box the window opens when a job fails: its text and details.
  const auto takeJobBox = [&w]() -> QString {
    QString text;
    waitFor([&] {
      for (QMessageBox* box : w.findChildren<QMessageBox*>())
        if (box->isVisible()) {
          text = box->text() + "\n" + box->detailedText();
          box->close();
          return true;
        }
      return false;
    }, 10000);
    return text;
  };
  int shown = 0;
  std::vector<std::string> databases;
  for (const BadInputCase& c : badInputCorpus()) {
    const std::string bytes = c.bytes();
    if (bytes.empty() && c.name.rfind("empty", 0) != 0) continue;  // needs absent shared data
    const fs::path caseDir = dir / c.name;  // one folder per case: an image import reads a folder
    fs::create_directories(caseDir);
    const fs::path file = caseDir / c.name;
    std::ofstream(file, std::ios::binary) << bytes;
    const QString path = QString::fromStdString(file.string());
    if (c.kind == BadInputKind::Database) {  // opened last: they replace the open database
      databases.push_back(file.string());
      continue;
    }
    QSignalSpy finished(&w.jobs(), &widgets::JobController::finished);
    if (c.kind == BadInputKind::Csv) {
      w.jobs().import(QString::fromStdString(db), {}, {path}, {});
    } else if (c.kind == BadInputKind::Image) {
      w.jobs().import(QString::fromStdString(db), {QString::fromStdString(caseDir.string())}, {}, {});
    } else {
      widgets::ModelChoice choice;
      choice.weightsPath = file.string();
      w.jobs().segment(QString::fromStdString(db), choice, {imageId});
    }
    ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000)) << c.name;
    const auto args = finished.takeFirst();
    EXPECT_FALSE(args.at(0).toBool()) << c.name << " was reported as done";
    const QString box = takeJobBox();
    EXPECT_TRUE(box.contains(path)) << c.name << " not named in the window:\n" << box.toStdString();
    EXPECT_TRUE(box.contains(QString::fromStdString(c.problem)))
        << c.name << ": expected '" << c.problem << "' in the window:\n" << box.toStdString();
    EXPECT_EQ(storeCounts(db), before) << c.name << " changed the database";
    EXPECT_NE(w.session().currentCase(), nullptr) << c.name;
    ++shown;
  }
  EXPECT_GE(shown, 25);
  // Databases: File > Open of a file that is not one (or is corrupt) says so on the banner.
  for (const std::string& bad : databases) {
    w.openDatabase(QString::fromStdString(bad), "tester");
    ASSERT_TRUE(waitFor([&] { return banner->isVisible() && banner->text().contains(QString::fromStdString(bad)); }, 10000))
        << bad << ": " << banner->text().toStdString();
    EXPECT_TRUE(banner->text().contains("could not be opened")) << banner->text().toStdString();
  }
  EXPECT_EQ(databases.size(), 2u);
  // And the good database opens again, as it was.
  ASSERT_TRUE(openCaseAndWait(w, db, "tester", kNihImage));
  EXPECT_EQ(storeCounts(db), before);
  store::StoreOptions ro;
  ro.readOnly = true;
  EXPECT_TRUE(store::ReviewStore(db, ro).integrityCheck().empty());
}

}  // namespace
}  // namespace cxr::test
