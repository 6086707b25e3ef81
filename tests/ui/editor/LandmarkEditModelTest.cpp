#include "ui/editor/LandmarkEditModel.h"

#include "tests/common/SharedData.h"
#include "tests/ui/editor/EditorTestUtil.h"
#include "ui/editor/SoftDrag.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace cxr;
using editor::LandmarkEditModel;
using format::LandmarkSet;
using format::Point;
using State = LandmarkEditModel::State;

namespace {

// Three well separated ellipse rings in a 1024 x 1024 image: RL x 150..350, LL x 700..900,
// heart x 400..640, y 550..750 (so a box can hold the heart alone).
LandmarkSet separatedLandmarks() {
  std::vector<double> xy;
  auto ring = [&](double cx, double cy, double rx, double ry, int n) {
    for (int i = 0; i < n; ++i) {
      xy.push_back(std::round(cx + rx * std::cos(2 * M_PI * i / n)));
      xy.push_back(std::round(cy + ry * std::sin(2 * M_PI * i / n)));
    }
  };
  ring(250, 500, 100, 300, 44);
  ring(800, 500, 100, 300, 50);
  ring(520, 650, 120, 100, 26);
  return LandmarkSet::fromFlat(xy);
}

QPointF pos(const LandmarkSet& s, int i) { return QPointF(s[i].x, s[i].y); }

class LandmarkEditModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    view.set(0.5, QPointF(10, 20));
    model.setViewTransform(&view);
    model.setImageSize(QSize(1024, 1024));
    model.setLandmarks(original, false);
    model.changed.connect([this] { ++changedCount; });
    model.editCommitted.connect([this] { ++committedCount; });
  }

  // Press on landmark `index`, move in `steps` equal screen steps by `screenDelta`, release.
  void dragLandmark(int index, QPointF screenDelta, int steps = 5,
                    Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    const QPointF start = view.imageToScreen(pos(model.landmarks(), index));
    ASSERT_TRUE(model.press(test::eventAtScreen(view, start, Qt::LeftButton, modifiers)));
    for (int k = 1; k <= steps; ++k)
      ASSERT_TRUE(model.drag(test::eventAtScreen(view, start + screenDelta * k / steps, Qt::NoButton, modifiers)));
    ASSERT_TRUE(model.release(test::eventAtScreen(view, start + screenDelta, Qt::LeftButton, modifiers)));
  }

  // Rubber band between two image points.
  void boxSelect(QPointF fromImage, QPointF toImage, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    ASSERT_TRUE(model.press(test::eventAtImage(view, fromImage, Qt::LeftButton, modifiers)));
    ASSERT_TRUE(model.drag(test::eventAtImage(view, (fromImage + toImage) / 2, Qt::NoButton, modifiers)));
    ASSERT_EQ(model.state(), State::BoxSelecting);
    ASSERT_TRUE(model.drag(test::eventAtImage(view, toImage, Qt::NoButton, modifiers)));
    ASSERT_TRUE(model.release(test::eventAtImage(view, toImage, Qt::LeftButton, modifiers)));
  }

  const LandmarkSet original = separatedLandmarks();
  editor::ViewTransform view;
  LandmarkEditModel model;
  int changedCount = 0;
  int committedCount = 0;
};

std::vector<int> heartIndices() {
  std::vector<int> v;
  for (int i = 94; i < 120; ++i) v.push_back(i);
  return v;
}

}  // namespace

TEST_F(LandmarkEditModelTest, DragMovesOnlyThePressedPointAndPushesOneLabelledCommand) {
  const QPointF start = view.imageToScreen(pos(original, 12));
  ASSERT_TRUE(model.press(test::eventAtScreen(view, start)));
  EXPECT_EQ(model.state(), State::Pressed);
  EXPECT_EQ(model.selection(), std::vector<int>{12});
  ASSERT_TRUE(model.drag(test::eventAtScreen(view, start + QPointF(10, 5), Qt::NoButton)));
  EXPECT_EQ(model.state(), State::DraggingPoints);
  EXPECT_EQ(pos(model.landmarks(), 12), pos(original, 12) + QPointF(20, 10));  // live preview
  EXPECT_EQ(model.undoStack().count(), 0);
  EXPECT_EQ(committedCount, 0);
  const int changedBefore = changedCount;
  ASSERT_TRUE(model.drag(test::eventAtScreen(view, start + QPointF(20, 10), Qt::NoButton)));
  EXPECT_EQ(changedCount, changedBefore + 1);
  ASSERT_TRUE(model.release(test::eventAtScreen(view, start + QPointF(20, 10))));
  EXPECT_EQ(model.state(), State::Idle);
  EXPECT_EQ(pos(model.landmarks(), 12), pos(original, 12) + QPointF(40, 20));  // image delta
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    if (i == 12) continue;
    ASSERT_EQ(model.landmarks()[i], original[i]) << i;
  }
  ASSERT_EQ(model.undoStack().count(), 1);
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Move landmark 12 (RL)");
  EXPECT_EQ(committedCount, 1);
  EXPECT_TRUE(model.canUndo());
  EXPECT_FALSE(model.canDeleteSelection());
}

TEST_F(LandmarkEditModelTest, DragBelowTheThresholdIsAClickThatMovesNothing) {
  const QPointF start = view.imageToScreen(pos(original, 60));
  ASSERT_TRUE(model.press(test::eventAtScreen(view, start)));
  ASSERT_TRUE(model.drag(test::eventAtScreen(view, start + QPointF(2.5, 2.5), Qt::NoButton)));  // 3.5 px
  EXPECT_EQ(model.state(), State::Pressed);
  ASSERT_TRUE(model.release(test::eventAtScreen(view, start + QPointF(2.5, 2.5))));
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_EQ(model.undoStack().count(), 0);
  EXPECT_EQ(committedCount, 0);
  EXPECT_EQ(model.selection(), std::vector<int>{60});
}

TEST_F(LandmarkEditModelTest, DraggingBackToTheStartPushesNothing) {
  const QPointF start = view.imageToScreen(pos(original, 30));
  ASSERT_TRUE(model.press(test::eventAtScreen(view, start)));
  ASSERT_TRUE(model.drag(test::eventAtScreen(view, start + QPointF(30, 0), Qt::NoButton)));
  ASSERT_TRUE(model.drag(test::eventAtScreen(view, start, Qt::NoButton)));
  ASSERT_TRUE(model.release(test::eventAtScreen(view, start)));
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_EQ(model.undoStack().count(), 0);
  EXPECT_EQ(committedCount, 0);
}

TEST_F(LandmarkEditModelTest, ClickSelectsShiftAddsCtrlTogglesAndEmptyClickClears) {
  auto click = [&](int index, Qt::KeyboardModifiers mods) {
    const QPointF s = view.imageToScreen(pos(original, index));
    model.press(test::eventAtScreen(view, s, Qt::LeftButton, mods));
    model.release(test::eventAtScreen(view, s, Qt::LeftButton, mods));
  };
  click(5, Qt::NoModifier);
  EXPECT_EQ(model.selection(), std::vector<int>{5});
  click(100, Qt::ShiftModifier);
  click(60, Qt::ShiftModifier);
  EXPECT_EQ(model.selection(), (std::vector<int>{5, 60, 100}));
  click(60, Qt::ControlModifier);
  EXPECT_EQ(model.selection(), (std::vector<int>{5, 100}));
  click(100, Qt::NoModifier);  // plain click inside a multi-selection narrows it
  EXPECT_EQ(model.selection(), std::vector<int>{100});
  const QPointF empty = view.imageToScreen(QPointF(520, 650));  // heart centre, no handle
  model.press(test::eventAtScreen(view, empty));
  model.release(test::eventAtScreen(view, empty));
  EXPECT_TRUE(model.selection().empty());
  EXPECT_EQ(model.landmarks(), original);
}

TEST_F(LandmarkEditModelTest, SoftDragMovesRingNeighboursWithFalloffAndWrapsAroundTheRing) {
  model.setSoftDragEnabled(true);
  ASSERT_EQ(model.softRadius(), 4);
  dragLandmark(0, QPointF(15, -6));  // image delta (30, -12)
  const QPointF delta(30, -12);
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    const int step = std::abs(i - 0);
    const int ringDistance = i < 44 ? std::min(step, 44 - step) : 99;
    const double w = editor::softDragFalloff(ringDistance, 4);
    ASSERT_DOUBLE_EQ(model.landmarks()[i].x, original[i].x + w * delta.x()) << i;
    ASSERT_DOUBLE_EQ(model.landmarks()[i].y, original[i].y + w * delta.y()) << i;
  }
  EXPECT_NE(model.landmarks()[43], original[43]);  // wrapped neighbour moved
  EXPECT_NE(model.landmarks()[40], original[40]);
  EXPECT_EQ(model.landmarks()[39], original[39]);
  EXPECT_EQ(model.landmarks()[5], original[5]);
  ASSERT_EQ(model.undoStack().count(), 1);
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Soft-drag landmark 0 (RL)");
  model.undo();
  EXPECT_EQ(model.landmarks(), original);
}

TEST_F(LandmarkEditModelTest, AltHeldSoftDragsWhenSoftDragIsOff) {
  dragLandmark(95, QPointF(-10, 10), 4, Qt::AltModifier);
  for (int i : {94, 96, 99, 119, 117}) EXPECT_NE(model.landmarks()[i], original[i]) << i;  // wraps 94 -> 119
  for (int i : {100, 116, 93, 0}) EXPECT_EQ(model.landmarks()[i], original[i]) << i;
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Soft-drag landmark 95 (H)");
}

TEST_F(LandmarkEditModelTest, BoxSelectThenDragMovesTheBoxedPointsRigidlyTogether) {
  model.setSoftDragEnabled(true);  // several points selected: soft drag does not apply
  boxSelect(QPointF(380, 530), QPointF(660, 770));
  EXPECT_EQ(model.selection(), heartIndices());
  EXPECT_TRUE(model.boxRect().isEmpty());  // the band is gone after the release
  dragLandmark(100, QPointF(-5, 12));      // image delta (-10, 24)
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    const QPointF expected = pos(original, i) + (i >= 94 ? QPointF(-10, 24) : QPointF());
    ASSERT_EQ(pos(model.landmarks(), i), expected) << i;
  }
  ASSERT_EQ(model.undoStack().count(), 1);
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Move 26 landmarks");
  EXPECT_EQ(model.selection(), heartIndices());
}

TEST_F(LandmarkEditModelTest, BoxRectIsLiveWhileSelectingAndShiftBoxAddsToTheSelection) {
  model.setSelection({3});
  const QPointF a(380, 530), b(660, 770);
  ASSERT_TRUE(model.press(test::eventAtImage(view, a, Qt::LeftButton, Qt::ShiftModifier)));
  ASSERT_TRUE(model.drag(test::eventAtImage(view, b, Qt::NoButton, Qt::ShiftModifier)));
  EXPECT_EQ(model.boxRect(), QRectF(a, b));
  ASSERT_TRUE(model.release(test::eventAtImage(view, b, Qt::LeftButton, Qt::ShiftModifier)));
  std::vector<int> expected{3};
  for (int i : heartIndices()) expected.push_back(i);
  EXPECT_EQ(model.selection(), expected);
  EXPECT_EQ(model.undoStack().count(), 0);
}

TEST_F(LandmarkEditModelTest, ConsecutiveNudgesOfTheSameSelectionMergeIntoOneUndoStep) {
  model.setSelection({3, 50, 100});
  EXPECT_TRUE(model.nudge(1, 0));
  EXPECT_TRUE(model.nudge(1, 0));
  EXPECT_TRUE(model.nudge(0, -2));
  ASSERT_EQ(model.undoStack().count(), 1);
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Nudge 3 landmarks");
  for (int i : {3, 50, 100}) EXPECT_EQ(pos(model.landmarks(), i), pos(original, i) + QPointF(2, -2));
  EXPECT_EQ(committedCount, 3);
  model.undo();
  EXPECT_EQ(model.landmarks(), original);
  model.redo();
  for (int i : {3, 50, 100}) EXPECT_EQ(pos(model.landmarks(), i), pos(original, i) + QPointF(2, -2));
  model.setSelection({3});
  EXPECT_TRUE(model.nudge(0, 1));
  EXPECT_EQ(model.undoStack().count(), 2);  // another selection: a new step
  EXPECT_EQ(model.undoStack().text(1).toStdString(), "Nudge landmark 3 (RL)");
}

TEST_F(LandmarkEditModelTest, NudgesThatCancelOutLeaveNoUndoStep) {
  model.setSelection({7});
  model.nudge(1, 0);
  model.nudge(-1, 0);
  EXPECT_EQ(model.undoStack().count(), 0);
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_FALSE(model.nudge(0, 0));
  model.clearSelection();
  EXPECT_FALSE(model.nudge(1, 0));
}

TEST_F(LandmarkEditModelTest, UndoAndRedoRestoreEveryStateExactly) {
  if (auto real = test::realCase(test::kRealCsv, test::kRealId)) {
    model.setImageSize(QSize(real->width, real->height));
    model.setLandmarks(real->landmarks, false);
  }
  std::vector<LandmarkSet> states{model.landmarks()};
  dragLandmark(12, QPointF(7.25, -3.5));
  states.push_back(model.landmarks());
  model.setSoftDragEnabled(true);
  dragLandmark(70, QPointF(-9, 4.75));
  states.push_back(model.landmarks());
  model.setSelection({1, 2, 3, 110});
  model.nudge(0.5, 0);
  model.nudge(0.5, 1);
  states.push_back(model.landmarks());
  model.resetToModel(states.front());
  states.push_back(model.landmarks());
  ASSERT_EQ(model.undoStack().count(), 4);
  EXPECT_EQ(model.undoStack().text(3).toStdString(), "Reset to model");
  for (int k = int(states.size()) - 2; k >= 0; --k) {
    ASSERT_TRUE(model.undo());
    ASSERT_EQ(model.landmarks(), states[size_t(k)]) << k;
  }
  EXPECT_FALSE(model.undo());
  for (size_t k = 1; k < states.size(); ++k) {
    ASSERT_TRUE(model.redo());
    ASSERT_EQ(model.landmarks(), states[k]) << k;
  }
  EXPECT_FALSE(model.redo());
}

TEST_F(LandmarkEditModelTest, EditCommittedFiresOncePerGestureAndOnUndoAndRedo) {
  dragLandmark(20, QPointF(10, 0));
  EXPECT_EQ(committedCount, 1);
  model.undo();
  EXPECT_EQ(committedCount, 2);
  model.redo();
  EXPECT_EQ(committedCount, 3);
  model.setSelection({4});  // selection changes are not edits
  model.clearSelection();
  EXPECT_EQ(committedCount, 3);
}

TEST_F(LandmarkEditModelTest, ReadOnlyRefusesEveryEditAndPushesNothing) {
  model.setLandmarks(original, /*readOnly=*/true);
  const int changedBefore = changedCount;
  const QPointF s = view.imageToScreen(pos(original, 12));
  EXPECT_FALSE(model.press(test::eventAtScreen(view, s)));
  EXPECT_FALSE(model.drag(test::eventAtScreen(view, s + QPointF(30, 30), Qt::NoButton)));
  EXPECT_FALSE(model.release(test::eventAtScreen(view, s + QPointF(30, 30))));
  EXPECT_FALSE(model.hover(test::eventAtScreen(view, s, Qt::NoButton)));
  EXPECT_EQ(model.hoveredIndex(), -1);
  model.setSelection({12});
  EXPECT_FALSE(model.nudge(5, 5));
  EXPECT_FALSE(model.resetToModel(LandmarkSet()));
  EXPECT_FALSE(model.applyLandmarks(LandmarkSet(), "Accept prediction"));
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_EQ(model.undoStack().count(), 0);
  EXPECT_FALSE(model.canUndo());
  EXPECT_EQ(committedCount, 0);
  EXPECT_EQ(changedCount, changedBefore + 1);  // only the selection change
}

TEST_F(LandmarkEditModelTest, TurningReadOnlyOnCancelsTheDragAndClearsHistory) {
  dragLandmark(12, QPointF(10, 0));
  const LandmarkSet afterDrag = model.landmarks();
  const QPointF s = view.imageToScreen(pos(afterDrag, 40));
  model.press(test::eventAtScreen(view, s));
  model.drag(test::eventAtScreen(view, s + QPointF(20, 0), Qt::NoButton));
  model.setReadOnly(true);
  EXPECT_EQ(model.state(), State::Idle);
  EXPECT_EQ(model.landmarks(), afterDrag);
  EXPECT_EQ(model.undoStack().count(), 0);
}

TEST_F(LandmarkEditModelTest, LoadingACaseClearsSelectionHoverAndUndoStack) {
  dragLandmark(12, QPointF(10, 0));
  model.hover(test::eventAtImage(view, pos(model.landmarks(), 60), Qt::NoButton));
  EXPECT_EQ(model.hoveredIndex(), 60);
  model.setLandmarks(original, false);
  EXPECT_TRUE(model.selection().empty());
  EXPECT_EQ(model.hoveredIndex(), -1);
  EXPECT_EQ(model.undoStack().count(), 0);
  EXPECT_EQ(model.landmarks(), original);
}

TEST_F(LandmarkEditModelTest, HitToleranceIsInScreenPixelsAtAnyZoom) {
  view.set(4.0, QPointF(-100, -50));
  const QPointF s = view.imageToScreen(pos(original, 70));
  EXPECT_TRUE(model.hover(test::eventAtScreen(view, s + QPointF(7, 0), Qt::NoButton)));
  EXPECT_EQ(model.hoveredIndex(), 70);
  EXPECT_FALSE(model.hover(test::eventAtScreen(view, s + QPointF(9, 0), Qt::NoButton)));
  EXPECT_EQ(model.hoveredIndex(), -1);
  model.setHitRadiusScreen(12);
  EXPECT_EQ(model.hitTest(s + QPointF(0, 11)), 70);
}

TEST_F(LandmarkEditModelTest, DraggedPointsStayInsideTheImageAndKeepTheirShape) {
  boxSelect(QPointF(380, 530), QPointF(660, 770));
  dragLandmark(94, QPointF(-2000, 0));  // far beyond the left border
  double minX = 1e9;
  for (int i : heartIndices()) minX = std::min(minX, model.landmarks()[i].x);
  EXPECT_EQ(minX, 0.0);
  const double shift = model.landmarks()[94].x - original[94].x;
  for (int i : heartIndices()) EXPECT_EQ(model.landmarks()[i].x - original[i].x, shift) << i;
  model.setSelection({50});
  model.nudge(5000, 5000);
  EXPECT_EQ(pos(model.landmarks(), 50), QPointF(1023, 1023));
}

TEST_F(LandmarkEditModelTest, UndoDuringADragDropsThePreviewFirst) {
  model.setSelection({8});
  model.nudge(3, 0);
  const QPointF s = view.imageToScreen(pos(model.landmarks(), 60));
  model.press(test::eventAtScreen(view, s));
  model.drag(test::eventAtScreen(view, s + QPointF(25, 0), Qt::NoButton));
  ASSERT_EQ(model.state(), State::DraggingPoints);
  model.undoStack().undo();  // e.g. the main window's undo action
  EXPECT_EQ(model.state(), State::Idle);
  EXPECT_EQ(model.landmarks(), original);
}

TEST_F(LandmarkEditModelTest, HiddenOrgansCannotBeHitOrSelected) {
  model.setOrganInteractive(format::Organ::Heart, false);
  EXPECT_EQ(model.hitTest(view.imageToScreen(pos(original, 100))), -1);
  model.selectAll();
  EXPECT_EQ(model.selection().size(), 94u);
  model.setOrganInteractive(format::Organ::Heart, true);
  EXPECT_EQ(model.hitTest(view.imageToScreen(pos(original, 100))), 100);
}

TEST(LandmarkEditModelNoAppTest, WorksWithoutAnyQCoreApplication) {
  ASSERT_EQ(QCoreApplication::instance(), nullptr);
  LandmarkEditModel model;
  const LandmarkSet original = separatedLandmarks();
  model.setLandmarks(original, false);  // no view transform: screen = image
  ASSERT_TRUE(model.press({QPointF(original[3].x, original[3].y), QPointF(original[3].x, original[3].y),
                           Qt::LeftButton, Qt::NoModifier}));
  const QPointF to(original[3].x + 20, original[3].y);
  ASSERT_TRUE(model.drag({to, to, Qt::NoButton, Qt::NoModifier}));
  ASSERT_TRUE(model.release({to, to, Qt::LeftButton, Qt::NoModifier}));
  EXPECT_EQ(model.landmarks()[3].x, original[3].x + 20);
  EXPECT_TRUE(model.undo());
  EXPECT_EQ(model.landmarks(), original);
  EXPECT_EQ(QCoreApplication::instance(), nullptr);
}
