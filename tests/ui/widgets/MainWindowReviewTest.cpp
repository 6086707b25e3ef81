// The review flow through the real main window on the real NIH case: drag a landmark with the
// mouse, undo, redo, accept; then the store holds exactly the expected versions and reviews.
#include "core/review/CaseService.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/editor/ViewTransform.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/SidePanel.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QTest>

#include <cmath>

namespace cxr::test {
namespace {

using widgets::MainWindow;
using MainWindowReviewTest = NihCaseTest;

// Drags landmark `index` by (dx, dy) screen pixels with real mouse events on the view.
void dragLandmark(MainWindow& w, int index, QPoint delta, bool release = true) {
  auto& view = w.imageView();
  const format::Point p = w.session().editModel().landmarks()[index];
  const QPoint start = view.viewTransform().imageToScreen(QPointF(p.x, p.y)).toPoint();
  QWidget* vp = view.viewport();
  QTest::mouseMove(vp, start);
  QTest::mousePress(vp, Qt::LeftButton, Qt::NoModifier, start);
  for (int i = 1; i <= 5; ++i) QTest::mouseMove(vp, start + delta * i / 5);
  if (release) QTest::mouseRelease(vp, Qt::LeftButton, Qt::NoModifier, start + delta);
}

TEST_F(MainWindowReviewTest, DragUndoRedoAcceptStoresExactlyOneCorrectionAndOneReview) {
  const std::string db = this->db();
  MainWindow w;
  ASSERT_TRUE(showCase(w, "tester"));
  const review::ReviewCase* c = w.session().currentCase();
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->modelVersion.has_value());
  ASSERT_EQ(c->reviewVersion->id, c->modelVersion->id) << "a new reader starts from the model's proposal";
  ASSERT_TRUE(w.session().editable());
  const store::RowId image = c->image.id;
  const store::RowId modelVersion = c->modelVersion->id;
  const format::LandmarkSet before = w.session().editModel().landmarks();
  saveScreenshot(w, "main-window");

  const int index = 10;  // a right-lung landmark
  dragLandmark(w, index, QPoint(30, 12));
  const format::LandmarkSet after = w.session().editModel().landmarks();
  const double scale = w.imageView().viewTransform().scale();
  EXPECT_NEAR(after[index].x - before[index].x, 30 / scale, 1.0 / scale + 1e-6);
  EXPECT_NEAR(after[index].y - before[index].y, 12 / scale, 1.0 / scale + 1e-6);
  for (int i = 0; i < 120; ++i) {
    if (i != index) {
      EXPECT_EQ(after[i], before[i]) << "landmark " << i << " moved";
    }
  }
  ASSERT_TRUE(waitFor([&] { return versionsBy(db, "tester", image) == 1; }, 5000)) << "the drag was not autosaved";

  QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);  // undo
  EXPECT_EQ(w.session().editModel().landmarks(), before);
  ASSERT_TRUE(waitFor([&] {
    store::StoreOptions ro; ro.readOnly = true;
    store::ReviewStore s(db, ro);
    const auto cur = s.versions().current(image, "tester");
    return cur && cur->id == modelVersion;
  }, 5000)) << "undo did not point the reader back at the model's version";
  QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo
  EXPECT_EQ(w.session().editModel().landmarks(), after);
  QTest::keyClick(&w, Qt::Key_A);  // accept
  w.session().shutdown();

  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db, ro);
  std::vector<store::VersionRecord> mine;
  for (const auto& v : s.versions().history(image))
    if (v.author == "tester") mine.push_back(v);
  ASSERT_EQ(mine.size(), 1u) << "drag + undo + redo must store one correction, not three";
  EXPECT_EQ(mine[0].source, store::VersionSource::ReaderCorrection);
  ASSERT_TRUE(mine[0].parentId.has_value());
  EXPECT_EQ(*mine[0].parentId, modelVersion);
  ASSERT_TRUE(mine[0].data.landmarksOriginal.has_value());
  EXPECT_EQ((*mine[0].data.landmarksOriginal)[index], after[index]);
  const auto current = s.versions().current(image, "tester");
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->id, mine[0].id);
  std::vector<store::ReviewRecord> reviews;
  for (const auto& r : s.reviews().history(image))
    if (r.info.reader == "tester") reviews.push_back(r);
  ASSERT_EQ(reviews.size(), 1u);
  EXPECT_EQ(reviews[0].info.status, store::ReviewStatus::Corrected) << "accepting an edited mask is a correction";
  ASSERT_TRUE(reviews[0].info.versionId.has_value());
  EXPECT_EQ(*reviews[0].info.versionId, mine[0].id);
  // The physicians' data is untouched.
  EXPECT_EQ(versionsBy(db, "julia", image), 1);
  EXPECT_EQ(versionsBy(db, "martina", image), 1);
}

TEST_F(MainWindowReviewTest, ClickWithoutMovingNeverMovesALandmark) {
  const std::string db = this->db();
  MainWindow w;
  ASSERT_TRUE(showCase(w, "tester"));
  const format::LandmarkSet before = w.session().editModel().landmarks();
  dragLandmark(w, 60, QPoint(2, 1));  // below the drag threshold
  EXPECT_EQ(w.session().editModel().landmarks(), before);
  w.session().shutdown();
  EXPECT_EQ(versionsBy(db, "tester", w.session().currentCase()->image.id), 0);
}

TEST_F(MainWindowReviewTest, PhysicianSeesOwnCorrectionAndComparesWithTheOtherReader) {
  const std::string db = this->db();
  MainWindow w;
  ASSERT_TRUE(showCase(w, "julia"));
  const review::ReviewCase* c = w.session().currentCase();
  ASSERT_TRUE(c->reviewVersion.has_value());
  EXPECT_EQ(c->reviewVersion->author, "julia");
  EXPECT_EQ(c->status, store::ReviewStatus::Corrected);
  EXPECT_FALSE(w.session().editable()) << "a case with a decision opens locked";
  const format::LandmarkSet before = w.session().editModel().landmarks();
  dragLandmark(w, 100, QPoint(25, 0));
  EXPECT_EQ(w.session().editModel().landmarks(), before) << "a locked version must not move";
  // Compare with martina's correction.
  for (const auto& v : c->versions)
    if (v.author == "martina") Q_EMIT w.sidePanel().versionSelected(v.id);
  w.actions().action("toggle_compare")->setChecked(true);
  QTest::qWait(100);
  saveScreenshot(w, "compare-readers");
}

}  // namespace
}  // namespace cxr::test

namespace cxr::test {
namespace {

TEST_F(MainWindowReviewTest, ArrowKeysNudgeTheSelectionAsOneUndoStep) {
  MainWindow w;
  ASSERT_TRUE(showCase(w, "tester"));
  const format::LandmarkSet before = w.session().editModel().landmarks();
  const int index = 20;
  dragLandmark(w, index, QPoint(1, 0));  // a click: selects the handle, moves nothing
  ASSERT_EQ(w.session().editModel().selection(), std::vector<int>{index});
  QWidget* view = &w.imageView();
  for (int i = 0; i < 3; ++i) QTest::keyClick(view, Qt::Key_Right);
  QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
  const auto& moved = w.session().editModel().landmarks()[index];
  EXPECT_DOUBLE_EQ(moved.x, before[index].x + 3);
  EXPECT_DOUBLE_EQ(moved.y, before[index].y + 10);
  QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
  EXPECT_EQ(w.session().editModel().landmarks(), before) << "consecutive nudges are one undo step";
}

TEST_F(MainWindowReviewTest, KeyboardDecisionsAndNextUnreviewed) {
  MainWindow w;
  ASSERT_TRUE(showCase(w, "tester"));
  const store::RowId first = w.session().currentCase()->image.id;
  QTest::keyClick(&w, Qt::Key_X);  // reject
  ASSERT_TRUE(waitFor([&] { return !w.session().editable(); }, 5000)) << "a decided case locks";
  QTest::keyClick(&w, Qt::Key_U);  // next unreviewed
  ASSERT_TRUE(waitFor([&] { return w.session().currentCase()->image.id != first; }, 10000));
  EXPECT_EQ(w.session().currentCase()->status, store::ReviewStatus::Pending);
  QTest::keyClick(&w, Qt::Key_O);  // out of distribution
  w.session().shutdown();
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db(), ro);
  EXPECT_EQ(s.reviews().status(first, "tester"), store::ReviewStatus::Rejected);
  EXPECT_EQ(s.reviews().status(w.session().currentCase()->image.id, "tester"), store::ReviewStatus::FlaggedOod);
}

}  // namespace
}  // namespace cxr::test
