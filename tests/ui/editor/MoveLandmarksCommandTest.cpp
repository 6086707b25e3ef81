#include "ui/editor/MoveLandmarksCommand.h"

#include "tests/common/EllipseLandmarks.h"
#include "ui/editor/LandmarkEditModel.h"

#include <gtest/gtest.h>

using namespace cxr;
using editor::MoveLandmarksCommand;
using Kind = MoveLandmarksCommand::Kind;

TEST(MoveLandmarksCommandTest, LabelsNameTheLandmarkAndOrganOrTheCount) {
  EXPECT_EQ(MoveLandmarksCommand::label(Kind::Move, {12}, -1).toStdString(), "Move landmark 12 (RL)");
  EXPECT_EQ(MoveLandmarksCommand::label(Kind::Move, {1, 2, 3, 4, 5}, -1).toStdString(), "Move 5 landmarks");
  EXPECT_EQ(MoveLandmarksCommand::label(Kind::SoftDrag, {38, 39, 40, 41, 42}, 40).toStdString(),
            "Soft-drag landmark 40 (RL)");
  EXPECT_EQ(MoveLandmarksCommand::label(Kind::Nudge, {1, 50, 100}, -1).toStdString(), "Nudge 3 landmarks");
  EXPECT_EQ(MoveLandmarksCommand::label(Kind::Nudge, {60}, -1).toStdString(), "Nudge landmark 60 (LL)");
  EXPECT_EQ(MoveLandmarksCommand::label(Kind::Move, {119}, -1).toStdString(), "Move landmark 119 (H)");
}

TEST(MoveLandmarksCommandTest, RedoAppliesAfterAndUndoAppliesBefore) {
  editor::LandmarkEditModel model;
  const format::LandmarkSet original = test::ellipseLandmarks();
  model.setLandmarks(original, false);
  model.undoStack().push(new MoveLandmarksCommand(model, {3, 70}, {original[3], original[70]},
                                                  {{1.5, 2.5}, {700.25, 10}}, Kind::Move));
  EXPECT_EQ(model.landmarks()[3], (format::Point{1.5, 2.5}));
  EXPECT_EQ(model.landmarks()[70], (format::Point{700.25, 10}));
  model.undoStack().undo();
  EXPECT_EQ(model.landmarks(), original);
}

TEST(MoveLandmarksCommandTest, OnlyNudgesOfTheSameLandmarksMerge) {
  editor::LandmarkEditModel model;
  const format::Point a{1, 1}, b{2, 2}, c{3, 3};
  MoveLandmarksCommand nudge(model, {4, 5}, {a, a}, {b, b}, Kind::Nudge);
  const MoveLandmarksCommand sameNext(model, {4, 5}, {b, b}, {c, c}, Kind::Nudge);
  const MoveLandmarksCommand otherPoints(model, {4}, {b}, {c}, Kind::Nudge);
  const MoveLandmarksCommand drag(model, {4, 5}, {b, b}, {c, c}, Kind::Move);
  EXPECT_EQ(nudge.id(), MoveLandmarksCommand::kNudgeId);
  EXPECT_EQ(drag.id(), -1);
  EXPECT_FALSE(nudge.mergeWith(&otherPoints));
  EXPECT_FALSE(nudge.mergeWith(&drag));
  EXPECT_TRUE(nudge.mergeWith(&sameNext));
  EXPECT_EQ(nudge.before(), (std::vector<format::Point>{a, a}));
  EXPECT_EQ(nudge.after(), (std::vector<format::Point>{c, c}));
  EXPECT_FALSE(nudge.isObsolete());
  const MoveLandmarksCommand back(model, {4, 5}, {c, c}, {a, a}, Kind::Nudge);
  EXPECT_TRUE(nudge.mergeWith(&back));
  EXPECT_TRUE(nudge.isObsolete());  // back where it started
}
