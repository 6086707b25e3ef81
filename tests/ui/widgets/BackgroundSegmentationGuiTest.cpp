// "Segment all unsegmented" from the main window on the demo study: progress in the status bar,
// rows update as results land, the open case shows its segmentation; screenshots for the docs.
#include "core/store/ReviewStore.h"
#include "core/store/WorklistRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/editor/ViewTransform.h"
#include "ui/widgets/AppSettings.h"
#include "ui/widgets/DemoData.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/WorklistTableModel.h"

#include <gtest/gtest.h>

#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>

namespace cxr::test {
namespace {

TEST(BackgroundSegmentationGuiTest, SegmentAllUnsegmentedStoresEveryImageAndUpdatesTheWorklist) {
  const QString model = widgets::AppSettings::bundledModelPath();
  if (model.isEmpty()) GTEST_SKIP() << "bundled demo model not found";
  const auto dir = makeTempDir("gui-segment");
  const std::string db = widgets::DemoData::prepare(dir.string(), std::string(CXR_SOURCE_DIR) + "/resources/demo");
  widgets::MainWindow w;
  widgets::ModelChoice choice;
  choice.weightsPath = model.toStdString();
  choice.threads = 1;
  w.setModelChoice(choice);
  w.resize(1400, 900);
  w.show();
  ASSERT_TRUE(openCaseAndWait(w, db, "demo-reader", "wikimedia_cc0_pa_chest.jpg"));
  EXPECT_FALSE(w.session().currentCase()->reviewVersion.has_value()) << "nothing is segmented yet";
  QSignalSpy stored(&w.jobs(), &widgets::JobController::imageStored);
  QSignalSpy finished(&w.jobs(), &widgets::JobController::finished);
  w.segmentUnsegmented();
  auto* bar = w.findChild<QProgressBar*>("jobProgress");
  ASSERT_NE(bar, nullptr);
  // Mid-run: the bar counts images and a stored result already shows in the worklist.
  const auto rowWithVersion = [&] {
    for (int r = 0; r < w.worklist().rowCount(); ++r)
      if (const auto* row = w.worklist().rowAt(r); row && row->versionId) return true;
    return false;
  };
  ASSERT_TRUE(waitFor([&] { return (bar->maximum() > 0 && bar->value() > 0 && rowWithVersion()) || finished.count() > 0; },
                      120000));
  if (finished.count() == 0) saveScreenshot(w, "background-inference");
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 300000));
  EXPECT_TRUE(finished.takeFirst().at(0).toBool());
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db, ro);
  store::WorklistFilter unsegmented;
  unsegmented.segmented = false;
  EXPECT_EQ(s.worklist().count(unsegmented), 0);
  EXPECT_EQ(stored.count(), s.worklist().count({}));
  // The open case received its segmentation without the reader doing anything.
  ASSERT_TRUE(waitFor([&] { return w.session().currentCase() && w.session().currentCase()->reviewVersion; }, 10000));
  ASSERT_TRUE(waitFor([&] { return w.worklist().rowAt(0) && w.worklist().rowAt(0)->versionId; }, 10000));
}

using LiveMetricsGuiTest = NihCaseTest;

TEST_F(LiveMetricsGuiTest, EditInProgressShowsLiveMetrics) {
  widgets::MainWindow w;
  ASSERT_TRUE(showCase(w, "tester"));
  auto& view = w.imageView();
  const format::Point p = w.session().editModel().landmarks()[100];  // heart
  const QPoint start = view.viewTransform().imageToScreen(QPointF(p.x, p.y)).toPoint();
  QTest::mouseMove(view.viewport(), start);
  QTest::mousePress(view.viewport(), Qt::LeftButton, Qt::NoModifier, start);
  for (int i = 1; i <= 6; ++i) QTest::mouseMove(view.viewport(), start + QPoint(-8 * i, 0));
  auto* metrics = w.findChild<QLabel*>("liveMetrics");
  ASSERT_NE(metrics, nullptr);
  // The landmark follows the mouse before release, and the metrics follow it: heart Dice < 1.
  EXPECT_NE(w.session().editModel().landmarks()[100], p);
  ASSERT_TRUE(waitFor([&] { return metrics->text().contains("Dice") && !metrics->text().contains("heart <b>1.0000"); }, 5000))
      << metrics->text().toStdString();
  EXPECT_TRUE(metrics->text().contains("lungs <b>1.0000")) << "only the heart moved";
  saveScreenshot(w, "edit-in-progress");
  QTest::mouseRelease(view.viewport(), Qt::LeftButton, Qt::NoModifier, start + QPoint(-48, 0));
  w.session().shutdown();
}

}  // namespace
}  // namespace cxr::test
