#include "ui/editor/SoftDrag.h"

#include "core/format/OrganLayout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace cxr::editor;

TEST(SoftDragTest, FalloffIsOneAtThePointRaisedCosineInsideAndZeroBeyondTheRadius) {
  EXPECT_DOUBLE_EQ(softDragFalloff(0, 4), 1.0);
  EXPECT_NEAR(softDragFalloff(1, 4), 0.5 * (1 + std::cos(M_PI / 5)), 1e-15);
  EXPECT_NEAR(softDragFalloff(1, 4), 0.9045084971874737, 1e-12);
  EXPECT_NEAR(softDragFalloff(2, 4), 0.6545084971874737, 1e-12);
  EXPECT_NEAR(softDragFalloff(3, 4), 0.3454915028125263, 1e-12);
  EXPECT_NEAR(softDragFalloff(4, 4), 0.0954915028125263, 1e-12);
  EXPECT_DOUBLE_EQ(softDragFalloff(5, 4), 0.0);
  EXPECT_DOUBLE_EQ(softDragFalloff(-2, 4), softDragFalloff(2, 4));
  EXPECT_DOUBLE_EQ(softDragFalloff(1, 0), 0.0);
  for (int d = 0; d < 4; ++d) EXPECT_GT(softDragFalloff(d, 4), softDragFalloff(d + 1, 4));
}

TEST(SoftDragTest, WeightsWrapAroundTheFirstLandmarkOfTheRightLungRing) {
  const auto weights = softDragWeights(0, 4);
  std::map<int, double> byIndex(weights.begin(), weights.end());
  EXPECT_EQ(weights.front().first, 0);
  EXPECT_EQ(byIndex.size(), 9u);
  for (int i : {1, 2, 3, 4, 43, 42, 41, 40}) EXPECT_TRUE(byIndex.count(i)) << i;
  EXPECT_DOUBLE_EQ(byIndex[43], softDragFalloff(1, 4));
  EXPECT_DOUBLE_EQ(byIndex[40], softDragFalloff(4, 4));
  EXPECT_DOUBLE_EQ(byIndex[1], byIndex[43]);
}

TEST(SoftDragTest, WeightsStayInsideTheOrganRing) {
  const auto left = softDragWeights(93, 3);  // last left-lung point wraps to 44, not to 94
  std::map<int, double> byIndex(left.begin(), left.end());
  for (int i : {90, 91, 92, 44, 45, 46}) EXPECT_TRUE(byIndex.count(i)) << i;
  for (const auto& [i, w] : left) EXPECT_EQ(cxr::format::organOfLandmark(i), cxr::format::Organ::LeftLung);
  // A radius longer than half the heart ring reaches each heart point once.
  const auto heart = softDragWeights(100, 40);
  std::map<int, double> h(heart.begin(), heart.end());
  EXPECT_EQ(heart.size(), 26u);
  EXPECT_EQ(h.size(), 26u);
  EXPECT_EQ(h.begin()->first, 94);
  EXPECT_EQ(h.rbegin()->first, 119);
  EXPECT_TRUE(softDragWeights(-1, 4).empty());
  EXPECT_EQ(softDragWeights(50, 0).size(), 1u);
}
