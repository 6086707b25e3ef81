// Fine-tuning from the application (issue 14): the "fine_tune" action runs engine::FineTuneJob
// in the background through the JobController (progress bar, cancel), then a dialog shows the
// new model's held-out Dice next to the active model's and switches the active model on request.
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/AppSettings.h"
#include "ui/widgets/FineTuneDialog.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>

#include <filesystem>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReader = "dr.gui";

// `count` inverted synthetic radiographs (256 px, the demo model's input) corrected by kReader.
std::string makeCorrectedDatabase(const fs::path& dir, int count) {
  const std::string db = (dir / "finetune.cxrdb").string();
  store::ReviewStore store(db);
  store.readers().ensureReader(kReader);
  image::SyntheticOptions o;
  o.width = o.height = 256;
  for (int i = 0; i < count; ++i) {
    image::SyntheticCase c = image::SyntheticRadiograph::generate(500 + uint64_t(i), o);
    for (uint8_t& v : c.grey8) v = static_cast<uint8_t>(255 - v);
    const fs::path file = dir / ("synth_" + std::to_string(i) + ".png");
    image::SyntheticRadiograph::writePng(c, file.string());
    store::ImageRegistration reg;
    reg.image.filePath = file.string();
    reg.image.fileSha256 = store::Sha256::ofFile(file.string());
    reg.image.fileSize = static_cast<int64_t>(fs::file_size(file));
    reg.image.width = reg.image.height = 256;
    store::NewVersion v;
    v.imageId = store.images().registerImage(reg);
    v.source = store::VersionSource::ReaderCorrection;
    v.author = kReader;
    v.data.landmarksModel = c.landmarks1024;
    v.data.height = v.data.width = 1024;
    using format::Organ;
    v.data.rleRightLung = format::Rle::encode(format::Rasterizer::organMask(c.landmarks1024, Organ::RightLung, 1024, 1024));
    v.data.rleLeftLung = format::Rle::encode(format::Rasterizer::organMask(c.landmarks1024, Organ::LeftLung, 1024, 1024));
    v.data.rleHeart = format::Rle::encode(format::Rasterizer::organMask(c.landmarks1024, Organ::Heart, 1024, 1024));
    store::ReviewInfo review;
    review.imageId = v.imageId;
    review.reader = kReader;
    review.versionId = store.versions().addVersion(v);
    // Half corrected, half accepted as drawn: both count as the reader's ground truth.
    review.status = i % 2 ? store::ReviewStatus::Accepted : store::ReviewStatus::Corrected;
    store.reviews().addReview(review);
  }
  return db;
}

// The window with the bundled model as the active one (2 CPU threads), shown.
void useBundledModel(widgets::MainWindow& w, const QString& model) {
  widgets::ModelChoice choice;
  choice.weightsPath = model.toStdString();
  choice.threads = 2;
  choice.device = "cpu";
  w.setModelChoice(choice);
  w.resize(1400, 900);
  w.show();
}

bool openAndWait(widgets::MainWindow& w, const std::string& db) {
  w.openDatabase(QString::fromStdString(db), kReader);
  return waitFor([&] { return w.session().databaseOpen(); }, 20000);
}

TEST(FineTuneGuiTest, RunsInTheBackgroundShowsBothModelsFiguresAndSwitchesTheModel) {
  const QString model = widgets::AppSettings::bundledModelPath();
  if (model.isEmpty()) GTEST_SKIP() << "bundled demo model not found";
  const auto dir = makeTempDir("gui-finetune");
  const std::string db = makeCorrectedDatabase(dir, 12);
  QSettings().setValue("finetune/epochs", 2);
  widgets::MainWindow w;
  useBundledModel(w, model);
  ASSERT_TRUE(openAndWait(w, db));
  QSignalSpy finished(&w.jobs(), &widgets::JobController::finished);
  QSignalSpy progress(&w.jobs(), &widgets::JobController::progress);
  w.actions().action("fine_tune")->trigger();
  ASSERT_TRUE(w.jobs().running());
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 600000));
  ASSERT_TRUE(finished.first().at(0).toBool()) << finished.first().at(2).toString().toStdString();
  EXPECT_FALSE(finished.first().at(1).toBool());
  // Training steps reached the job bar: 2 epochs of ceil(train / 4) steps.
  ASSERT_GT(progress.count(), 1);
  EXPECT_GT(progress.last().at(1).toLongLong(), 0);
  EXPECT_EQ(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());

  widgets::FineTuneDialog* dialog = nullptr;
  ASSERT_TRUE(waitFor([&] { return (dialog = w.findChild<widgets::FineTuneDialog*>("fineTuneDialog")) != nullptr; }, 10000));
  ASSERT_TRUE(w.jobs().lastFineTune().has_value());
  const engine::FineTuneResult r = *w.jobs().lastFineTune();
  EXPECT_EQ(r.trainImages + r.heldOutImages, 12u);
  EXPECT_EQ(r.correctedImages, 6u);
  EXPECT_EQ(r.acceptedImages, 6u);
  // Both models' figures, as measured (4 decimals, C locale), side by side.
  QTableWidget* table = dialog->table();
  ASSERT_EQ(table->rowCount(), 2);
  EXPECT_TRUE(table->item(0, 0)->text().contains("hybridgnet-jsrt256"));
  EXPECT_TRUE(table->item(1, 0)->text().contains(QString::fromStdString(r.modelName)));
  EXPECT_EQ(table->item(0, 3)->text(), QString::number(r.baseDice.lungs, 'f', 4));
  EXPECT_EQ(table->item(1, 3)->text(), QString::number(r.newDice.lungs, 'f', 4));
  EXPECT_EQ(table->item(0, 4)->text(), QString::number(r.baseDice.heart, 'f', 4));
  EXPECT_EQ(table->item(1, 4)->text(), QString::number(r.newDice.heart, 'f', 4));
  if (const QString shots = qEnvironmentVariable("CXR_SCREENSHOT_DIR"); !shots.isEmpty())
    dialog->grab().save(shots + "/fine-tune-result.png");

  dialog->switchButton()->click();
  EXPECT_EQ(w.modelChoice().weightsPath, r.modelPath);
  EXPECT_EQ(widgets::AppSettings::modelChoice().weightsPath, r.modelPath);
  store::ReviewStore s(db);
  const auto registered = s.models().find(r.modelId);
  ASSERT_TRUE(registered);
  ASSERT_TRUE(registered->lineage.parentId);
  EXPECT_EQ(s.models().find(*registered->lineage.parentId)->info.name, "hybridgnet-jsrt256");
  EXPECT_EQ(registered->lineage.filePath, r.modelPath);
  QSettings().remove("model/path");
  QSettings().remove("finetune/epochs");
}

TEST(FineTuneGuiTest, CancelStopsTheRunAndRegistersNothing) {
  const QString model = widgets::AppSettings::bundledModelPath();
  if (model.isEmpty()) GTEST_SKIP() << "bundled demo model not found";
  const auto dir = makeTempDir("gui-finetune-cancel");
  const std::string db = makeCorrectedDatabase(dir, 12);
  QSettings().setValue("finetune/epochs", 50);
  widgets::MainWindow w;
  useBundledModel(w, model);
  ASSERT_TRUE(openAndWait(w, db));
  QSignalSpy finished(&w.jobs(), &widgets::JobController::finished);
  QSignalSpy progress(&w.jobs(), &widgets::JobController::progress);
  w.actions().action("fine_tune")->trigger();
  // Cancel once training has taken its first step.
  ASSERT_TRUE(waitFor([&] {
    for (const auto& p : progress) if (p.at(0).toLongLong() > 0) return true;
    return finished.count() > 0;
  }, 300000));
  w.actions().action("cancel_job")->trigger();
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 300000));
  EXPECT_TRUE(finished.first().at(1).toBool()) << finished.first().at(2).toString().toStdString();
  EXPECT_FALSE(w.jobs().lastFineTune().has_value());
  EXPECT_EQ(w.findChild<widgets::FineTuneDialog*>("fineTuneDialog"), nullptr);
  EXPECT_EQ(w.modelChoice().weightsPath, model.toStdString());
  store::ReviewStore s(db);
  // Only the base model is known (registered as the parent to be); no fine-tuned model.
  for (const auto& m : s.models().list()) EXPECT_EQ(m.info.name, "hybridgnet-jsrt256");
  QSettings().remove("finetune/epochs");
}

}  // namespace
}  // namespace cxr::test
