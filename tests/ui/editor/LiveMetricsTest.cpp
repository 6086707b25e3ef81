#include "ui/editor/LiveMetrics.h"

#include "tests/common/SharedData.h"
#include "tests/ui/editor/EditorTestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cxr;
using editor::LiveMetrics;

TEST(LiveMetricsTest, CardiothoracicRatioOfAConstructedCaseIsExact) {
  // Lungs span x 100..900 (800 wide), heart x 350..650 (300 wide).
  const auto set = test::rectangleLandmarks(QRectF(100, 200, 350, 600), QRectF(550, 200, 350, 600),
                                            QRectF(350, 500, 300, 200));
  EXPECT_DOUBLE_EQ(LiveMetrics::cardiothoracicRatio(set), 300.0 / 800.0);
  EXPECT_TRUE(std::isnan(LiveMetrics::cardiothoracicRatio(format::LandmarkSet())));
}

TEST(LiveMetricsTest, CardiothoracicRatioOfTheRealCaseIsPlausible) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  const double ctr = LiveMetrics::cardiothoracicRatio(test::realCase(test::kRealCsv, test::kRealId)->landmarks);
  EXPECT_GT(ctr, 0.35);
  EXPECT_LT(ctr, 0.60);
}

TEST(LiveMetricsTest, IdenticalSetsCompareAsPerfect) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  const auto real = test::realCase(test::kRealCsv, test::kRealId);
  const auto r = LiveMetrics::compareToReference(real->landmarks, real->landmarks, real->height, real->width);
  EXPECT_DOUBLE_EQ(r.diceLungs, 1.0);
  EXPECT_DOUBLE_EQ(r.diceHeart, 1.0);
  EXPECT_DOUBLE_EQ(r.hausdorffLungs, 0.0);
  EXPECT_DOUBLE_EQ(r.hausdorffHeart, 0.0);
  EXPECT_DOUBLE_EQ(r.mse, 0.0);
}

TEST(LiveMetricsTest, LargeImagesAreComparedOnAReducedCanvasCloseToTheExactResult) {
  CXR_REQUIRE_SHARED(test::kRealCsv);
  // The review case at 2048 x 2048 with the heart edited 20 px to the right.
  const format::LandmarkSet reference = test::realCase(test::kRealCsv, test::kRealId)->landmarks.scaled(2.0);
  format::LandmarkSet edited = reference;
  for (int i = 94; i < 120; ++i) edited[i].x += 20;
  const auto exact = LiveMetrics::compareToReference(edited, reference, 2048, 2048, 2048);
  const auto live = LiveMetrics::compareToReference(edited, reference, 2048, 2048, 512);
  EXPECT_DOUBLE_EQ(exact.diceLungs, 1.0);
  EXPECT_LT(exact.diceHeart, 0.99);
  EXPECT_NEAR(live.diceHeart, exact.diceHeart, 0.01);
  EXPECT_NEAR(exact.hausdorffHeart, 20.0, 1.0);
  EXPECT_NEAR(live.hausdorffHeart, exact.hausdorffHeart, 4.0);  // quantised to 1 / scale = 4 px
  EXPECT_NEAR(live.mse, 26.0 * 400.0 / 240.0, 1e-5);  // unscaled landmarks (float32 as numpy)
  EXPECT_DOUBLE_EQ(live.mse, exact.mse);
}

TEST(LiveMetricsTest, NonPositiveSizesAreRefused) {
  EXPECT_THROW(LiveMetrics::compareToReference(format::LandmarkSet(), format::LandmarkSet(), 0, 10),
               std::invalid_argument);
  EXPECT_THROW(LiveMetrics::compareToReference(format::LandmarkSet(), format::LandmarkSet(), 10, 10, 0),
               std::invalid_argument);
}
