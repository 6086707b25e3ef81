// The physician's review workflow of docs/user-guide.md, step by step, through the real main
// window on the real NIH case: worklist sorted by RCA, zoom on the image, a soft drag, undo and
// redo, accept with the keyboard, the versions (who, when, why), comparison with another reader,
// the export dialog and the shortcut list. Each step asserts what the guide says happens; with
// CXR_SCREENSHOT_DIR set, each step also writes the guide's picture (docs/images/guide-*.png).
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/editor/ViewTransform.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/ComparisonOverlayItem.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/SidePanel.h"
#include "ui/widgets/WorklistPanel.h"
#include "ui/widgets/WorklistTableModel.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QGraphicsScene>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QWheelEvent>

#include <cmath>

namespace cxr::test {
namespace {

using widgets::MainWindow;
using UserGuideWorkflowTest = NihCaseTest;

/// Writes `widget` as <CXR_SCREENSHOT_DIR>/<name>.png when the variable is set.
void shoot(QWidget& widget, const QString& name) {
  const QString dir = qEnvironmentVariable("CXR_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QTest::qWait(60);  // widgets added to a visible layout are shown on the next event-loop turn
  ASSERT_TRUE(widget.grab().save(dir + "/" + name + ".png")) << name.toStdString();
}

const widgets::ComparisonOverlayItem* comparisonOverlay(MainWindow& w) {
  for (QGraphicsItem* item : w.imageView().scene()->items())
    if (auto* c = dynamic_cast<widgets::ComparisonOverlayItem*>(item)) return c;
  return nullptr;
}

QTreeWidgetItem* versionRow(MainWindow& w, const QString& author) {
  auto* list = w.sidePanel().findChild<QTreeWidget*>("versionList");
  for (int i = 0; list && i < list->topLevelItemCount(); ++i)
    if (list->topLevelItem(i)->text(2) == author) return list->topLevelItem(i);
  return nullptr;
}

TEST_F(UserGuideWorkflowTest, ReviewWorkflowStepByStep) {
  const QString reader = "dr.smith";
  MainWindow w;
  ASSERT_TRUE(showCase(w, reader));
  const store::RowId image = w.session().currentCase()->image.id;
  ASSERT_TRUE(w.session().editable()) << "a new reader starts on the model's proposal, unlocked";
  shoot(w, "guide-01-case-open");

  // Step: the worklist sorted by the RCA quality estimate, lowest first (a wider worklist dock).
  auto* dock = w.findChild<QDockWidget*>("worklistDock");
  ASSERT_NE(dock, nullptr);
  QTableView* table = w.worklistPanel().table();
  table->sortByColumn(widgets::WorklistTableModel::RcaMean, Qt::AscendingOrder);
  ASSERT_TRUE(waitFor([&] {
    const auto* a = w.worklist().rowAt(0);
    const auto* b = w.worklist().rowAt(1);
    return a && b && a->rcaMean && b->rcaMean && *a->rcaMean <= *b->rcaMean && w.worklist().rowCount() == 50;
  }, 10000)) << "the worklist did not sort by RCA mean";
  for (int r = 1; r < 20; ++r) {
    const auto* prev = w.worklist().rowAt(r - 1);
    const auto* row = w.worklist().rowAt(r);
    ASSERT_TRUE(prev && row && prev->rcaMean && row->rcaMean);
    EXPECT_LE(*prev->rcaMean, *row->rcaMean) << "row " << r;
  }
  // The lowest estimates are highlighted (below 0.70 when any is that low).
  const auto* lowest = w.worklist().rowAt(0);
  const QVariant colour = w.worklist().data(w.worklist().index(0, widgets::WorklistTableModel::RcaMean), Qt::ForegroundRole);
  if (*lowest->rcaMean < 0.70) {
    EXPECT_TRUE(colour.isValid()) << "an RCA below 0.70 is not highlighted";
  }
  // The open image stays selected in the new order.
  int openRow = -1;
  w.worklist().locate(kNihImage, [&](int row, qint64) { openRow = row; });
  ASSERT_TRUE(waitFor([&] { return openRow >= 0; }, 5000));
  ASSERT_TRUE(waitFor([&] {
    const QModelIndexList selected = table->selectionModel()->selectedRows();
    return selected.size() == 1 && selected.front().row() == openRow;
  }, 5000)) << "after sorting, the open image's row (" << openRow << ") is not selected";
  w.resizeDocks({dock}, {900}, Qt::Horizontal);
  QTest::qWait(100);
  shoot(*dock, "guide-02-worklist-rca");
  w.resizeDocks({dock}, {470}, Qt::Horizontal);
  QTest::qWait(100);

  // The correction shown: the heart landmark the first physician (julia) moved furthest, dragged
  // to where she put it.
  const review::ReviewCase* opened = w.session().currentCase();
  const format::LandmarkSet model = w.session().editModel().landmarks();
  format::LandmarkSet juliaLandmarks;
  for (const auto& v : opened->versions)
    if (v.author == "julia") juliaLandmarks = v.landmarks;
  ASSERT_EQ(juliaLandmarks.size(), model.size());
  int heartPoint = 94;
  for (int i = 95; i < 120; ++i)
    if (std::hypot(juliaLandmarks[i].x - model[i].x, juliaLandmarks[i].y - model[i].y) >
        std::hypot(juliaLandmarks[heartPoint].x - model[heartPoint].x, juliaLandmarks[heartPoint].y - model[heartPoint].y))
      heartPoint = i;
  const format::Point target = juliaLandmarks[heartPoint];

  // Step: reading the image: zoom with the wheel where the correction will be.
  auto& view = w.imageView();
  const double fitScale = view.viewTransform().scale();
  const auto p = model[heartPoint];
  const QPointF at = view.viewTransform().imageToScreen(QPointF(p.x, p.y));
  for (int i = 0; i < 3; ++i) {
    QWheelEvent wheel(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &wheel);
  }
  EXPECT_GT(view.viewTransform().scale(), fitScale * 1.3) << "the wheel zooms in";
  const QPointF stillAt = view.viewTransform().imageToScreen(QPointF(p.x, p.y));
  EXPECT_NEAR(stillAt.x(), at.x(), 1.0) << "the zoom keeps the point under the cursor";
  EXPECT_NEAR(stillAt.y(), at.y(), 1.0);
  shoot(w, "guide-03-zoomed");

  // Step: a soft drag (Alt) of a heart landmark: its neighbours follow, the panel's metrics move.
  const format::LandmarkSet before = w.session().editModel().landmarks();
  const QPoint start = view.viewTransform().imageToScreen(QPointF(p.x, p.y)).toPoint();
  const QPoint delta = view.viewTransform().imageToScreen(QPointF(target.x, target.y)).toPoint() - start;
  ASSERT_GT(delta.manhattanLength(), 10) << "julia moved this landmark visibly";
  QWidget* vp = view.viewport();
  QTest::mouseMove(vp, start);
  QTest::mousePress(vp, Qt::LeftButton, Qt::AltModifier, start);
  for (int i = 1; i <= 8; ++i) QTest::mouseMove(vp, start + delta * i / 8);
  auto* metrics = w.findChild<QLabel*>("liveMetrics");
  ASSERT_NE(metrics, nullptr);
  ASSERT_TRUE(waitFor([&] { return metrics->text().contains("heart") && !metrics->text().contains("heart <b>1.0000"); }, 5000))
      << metrics->text().toStdString();
  shoot(w, "guide-04-soft-drag");
  QTest::mouseRelease(vp, Qt::LeftButton, Qt::AltModifier, start + delta);
  const format::LandmarkSet after = w.session().editModel().landmarks();
  const double scale = view.viewTransform().scale();
  EXPECT_NEAR(after[heartPoint].x - before[heartPoint].x, delta.x() / scale, 1.0 / scale + 1e-6);
  EXPECT_NEAR(after[heartPoint].x, target.x, 1.0 / scale + 1e-6) << "the landmark is where julia put it";
  EXPECT_NEAR(after[heartPoint].y, target.y, 1.0 / scale + 1e-6);
  const int previous = 94 + (heartPoint - 94 + 25) % 26, next = 94 + (heartPoint - 94 + 1) % 26;  // heart ring
  EXPECT_NE(after[previous], before[previous]) << "soft drag: the neighbours follow";
  EXPECT_NE(after[next], before[next]);
  for (int i = 0; i < 94; ++i) EXPECT_EQ(after[i], before[i]) << "lung landmark " << i << " moved";
  ASSERT_TRUE(waitFor([&] { return versionsBy(db(), reader.toStdString(), image) == 1; }, 5000))
      << "the gesture was not saved as a version";

  // Step: undo and redo (one gesture = one step), then accept with the keyboard.
  QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
  EXPECT_EQ(w.session().editModel().landmarks(), before);
  QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  EXPECT_EQ(w.session().editModel().landmarks(), after);
  QTest::keyClick(&w, Qt::Key_Z, Qt::NoModifier);  // fit the image again for the next pictures
  QTest::keyClick(&w, Qt::Key_A);
  ASSERT_TRUE(waitFor([&] { return !w.session().editable(); }, 5000)) << "a decided image locks";
  ASSERT_TRUE(waitFor([&] {
    const auto* c = w.session().currentCase();
    return c && c->status == store::ReviewStatus::Corrected && versionRow(w, reader) != nullptr;
  }, 5000));
  {
    store::StoreOptions ro;
    ro.readOnly = true;
    store::ReviewStore s(db(), ro);
    EXPECT_EQ(s.reviews().status(image, reader.toStdString()), store::ReviewStatus::Corrected)
        << "A on an edited segmentation records 'corrected'";
  }
  EXPECT_EQ(versionsBy(db(), reader.toStdString(), image), 1) << "drag, undo, redo leave one version";
  // The worklist row follows within its once-a-second refresh.
  ASSERT_TRUE(waitFor([&] {
    const auto* row = w.worklist().rowAt(openRow);
    return row && row->imageId == image && row->status == store::ReviewStatus::Corrected && row->edited;
  }, 5000)) << "the worklist row did not show the decision";
  auto* saveStatus = w.findChild<QLabel*>("saveStatus");
  ASSERT_NE(saveStatus, nullptr);
  EXPECT_EQ(saveStatus->text(), "Decision recorded: Corrected");
  shoot(w, "guide-05-accepted");

  // Step: the versions: who, when, from which version, and the decisions recorded on it.
  QTreeWidgetItem* mine = versionRow(w, reader);
  ASSERT_NE(mine, nullptr);
  for (const char* author : {"chexmask", "julia", "martina"}) EXPECT_NE(versionRow(w, author), nullptr) << author;
  auto* detail = w.sidePanel().findChild<QLabel*>("versionDetail");
  ASSERT_NE(detail, nullptr);
  EXPECT_TRUE(detail->text().contains(reader)) << detail->text().toStdString();
  EXPECT_TRUE(detail->text().contains("edited from")) << detail->text().toStdString();
  EXPECT_TRUE(detail->text().contains("corrected")) << detail->text().toStdString();
  auto* caseDock = w.findChild<QDockWidget*>("caseDock");
  ASSERT_NE(caseDock, nullptr);
  shoot(*caseDock, "guide-06-versions");

  // Step: compare with another reader (select julia's version, K).
  QTreeWidgetItem* julia = versionRow(w, "julia");
  ASSERT_NE(julia, nullptr);
  julia->treeWidget()->setCurrentItem(julia);
  EXPECT_TRUE(detail->text().contains("julia")) << detail->text().toStdString();
  QTest::keyClick(&w, Qt::Key_K);
  ASSERT_TRUE(waitFor([&] {
    const auto* o = comparisonOverlay(w);
    return o && o->landmarks() && o->label().contains("julia");
  }, 3000)) << "K did not overlay julia's version";
  shoot(w, "guide-07-compare-julia");
  QTest::keyClick(&w, Qt::Key_K);

  // Step: the export dialog (Ctrl+E), as it opens for this reader.
  bool exportShown = false;
  QTimer::singleShot(300, &w, [&] {
    if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
      exportShown = dialog->windowTitle() == "Export validated segmentations";
      shoot(*dialog, "guide-08-export");
      dialog->reject();
    }
  });
  w.actions().action("export")->trigger();
  EXPECT_TRUE(exportShown) << "Ctrl+E did not open the export dialog";

  // Step: the shortcut list (F1).
  w.actions().action("shortcut_help")->trigger();
  QDialog* help = nullptr;
  ASSERT_TRUE(waitFor([&] { return (help = w.findChild<QDialog*>("shortcutHelp")) != nullptr && help->isVisible(); }, 3000));
  help->resize(1000, 880);
  QTest::qWait(100);
  shoot(*help, "guide-09-shortcuts");
  help->close();
  w.session().shutdown();
}

}  // namespace
}  // namespace cxr::test
