#include "ui/editor/AnatomyGuards.h"

#include "tests/common/SharedData.h"
#include "tests/ui/editor/EditorTestUtil.h"

#include <gtest/gtest.h>

#include <utility>

using namespace cxr;
using editor::AnatomyGuards;
using editor::AnatomyWarning;
using Kind = AnatomyWarning::Kind;
using format::Organ;

namespace {

std::vector<Kind> kinds(const std::vector<AnatomyWarning>& warnings) {
  std::vector<Kind> out;
  for (const auto& w : warnings) out.push_back(w.kind);
  return out;
}

}  // namespace

TEST(AnatomyGuardsTest, ReleasedSegmentationOfTheReviewCaseRaisesNoWarning) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  const auto real = test::realCase(test::kRealCsv, test::kRealId);
  EXPECT_TRUE(AnatomyGuards::check(real->landmarks).empty());
  EXPECT_LT(AnatomyGuards::heartOverlapFraction(real->landmarks, Organ::LeftLung), 0.10);
}

TEST(AnatomyGuardsTest, MirroredSegmentationIsReportedAsLeftRightSwappedOnly) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  auto real = test::realCase(test::kRealCsv, test::kRealId);
  format::LandmarkSet mirrored = real->landmarks;
  for (int i = 0; i < format::LandmarkSet::size(); ++i) mirrored[i].x = real->width - 1 - mirrored[i].x;
  const auto warnings = AnatomyGuards::check(mirrored);
  EXPECT_EQ(kinds(warnings), std::vector<Kind>{Kind::LeftRightSwapped});
  EXPECT_NE(warnings.at(0).message.find("swapped"), std::string::npos);
}

TEST(AnatomyGuardsTest, SwappingTwoContourPointsReportsThatOrganCrossingItself) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  format::LandmarkSet edited = test::realCase(test::kRealCsv, test::kRealId)->landmarks;
  std::swap(edited[5], edited[15]);  // two right-lung points exchanged: the contour folds
  const auto warnings = AnatomyGuards::check(edited);
  ASSERT_EQ(kinds(warnings), std::vector<Kind>{Kind::SelfIntersection});
  EXPECT_EQ(warnings[0].message.rfind("Right lung contour crosses itself", 0), 0u) << warnings[0].message;
}

TEST(AnatomyGuardsTest, RealPhysicianCorrectionThatCrossesItselfIsReported) {
  const char* csv = "chexmask/ChestX-Ray8_martina_annotations.csv";
  CXR_REQUIRE_SHARED(csv);
  const auto corrected = test::realCase(csv, test::kRealId);
  const auto warnings = AnatomyGuards::check(corrected->landmarks);
  ASSERT_EQ(kinds(warnings), std::vector<Kind>{Kind::SelfIntersection});
  EXPECT_NE(warnings[0].message.find("Heart contour crosses itself (segment 97-98 crosses 99-100"),
            std::string::npos)
      << warnings[0].message;
}

TEST(AnatomyGuardsTest, HeartMovedOntoALungIsReportedAboveTheThreshold) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  format::LandmarkSet edited = test::realCase(test::kRealCsv, test::kRealId)->landmarks;
  double dx = 0;  // move the heart's centroid onto the right lung's
  for (const auto& p : edited.organ(Organ::RightLung)) dx += p.x / 44.0;
  for (const auto& p : edited.organ(Organ::Heart)) dx -= p.x / 26.0;
  for (int i = 94; i < 120; ++i) edited[i].x += dx;
  const auto warnings = AnatomyGuards::check(edited);
  ASSERT_EQ(kinds(warnings), std::vector<Kind>{Kind::HeartLungOverlap});
  EXPECT_NE(warnings[0].message.find("right lung"), std::string::npos) << warnings[0].message;
  EXPECT_TRUE(AnatomyGuards::check(edited, {/*maxHeartLungOverlap=*/1.0}).empty());
}

TEST(AnatomyGuardsTest, OverlapFractionOfConstructedRectanglesIsTheSharedArea) {
  // Heart [400, 600] x [500, 700]; left lung starts at x = 500: half the heart lies inside it.
  const auto set = test::rectangleLandmarks(QRectF(100, 200, 250, 600), QRectF(500, 200, 300, 600),
                                            QRectF(400, 500, 200, 200));
  EXPECT_DOUBLE_EQ(AnatomyGuards::heartOverlapFraction(set, Organ::LeftLung), 0.5);
  EXPECT_DOUBLE_EQ(AnatomyGuards::heartOverlapFraction(set, Organ::RightLung), 0.0);
  const auto warnings = AnatomyGuards::check(set);
  ASSERT_EQ(kinds(warnings), std::vector<Kind>{Kind::HeartLungOverlap});
  EXPECT_EQ(warnings[0].message, "Heart overlaps the left lung by 50% of its area (more than 10%)");
}

TEST(AnatomyGuardsTest, OnlyProperCrossingsCountAsSelfIntersections) {
  using P = format::Point;
  EXPECT_TRUE(AnatomyGuards::selfIntersections(test::rectangleRing(0, 0, 10, 10, 26)).empty());
  const std::vector<P> bowTie{{0, 0}, {2, 2}, {2, 0}, {0, 2}};
  EXPECT_EQ(AnatomyGuards::selfIntersections(bowTie), (std::vector<std::pair<int, int>>{{0, 2}}));
  // Vertex 4 touches segment 0-1 without crossing it.
  const std::vector<P> touching{{0, 0}, {4, 0}, {4, 4}, {2, 4}, {2, 0.0}, {0, 4}};
  EXPECT_TRUE(AnatomyGuards::selfIntersections(touching).empty());
}
