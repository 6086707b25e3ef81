#include "ui/editor/SetLandmarksCommand.h"

#include "tests/common/EllipseLandmarks.h"
#include "ui/editor/LandmarkEditModel.h"

#include <gtest/gtest.h>

using namespace cxr;

TEST(SetLandmarksCommandTest, ResetToModelReplacesAllPointsAsOneLabelledStep) {
  editor::LandmarkEditModel model;
  const format::LandmarkSet edited = test::ellipseLandmarks(0);
  const format::LandmarkSet prediction = test::ellipseLandmarks(25);
  model.setLandmarks(edited, false);
  int committed = 0;
  model.editCommitted.connect([&] { ++committed; });
  ASSERT_TRUE(model.resetToModel(prediction));
  EXPECT_EQ(model.landmarks(), prediction);
  ASSERT_EQ(model.undoStack().count(), 1);
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Reset to model");
  EXPECT_EQ(committed, 1);
  EXPECT_FALSE(model.resetToModel(prediction));  // already there: nothing to do
  model.undo();
  EXPECT_EQ(model.landmarks(), edited);
  ASSERT_TRUE(model.applyLandmarks(prediction, QStringLiteral("Accept prediction")));
  EXPECT_EQ(model.undoStack().text(0).toStdString(), "Accept prediction");
}
