#include "core/format/CheXmaskCsvReader.h"
#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace cxr::format;

namespace {

Mask randomBlob(std::mt19937& rng, int h, int w) {
  std::uniform_int_distribution<int> cx(3, w - 4), cy(3, h - 4), r(1, 6);
  Mask m(h, w);
  for (int k = 0; k < 3; ++k) {
    const int x0 = cx(rng), y0 = cy(rng), rad = r(rng);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        if ((x - x0) * (x - x0) + (y - y0) * (y - y0) <= rad * rad) m.at(y, x) = 255;
  }
  return m;
}

// Brute-force reference: nearest surface pixel by exhaustive search.
std::vector<double> bruteDirected(const Mask& a, const Mask& b) {
  const Mask sa = ComparisonMetrics::surface(a), sb = ComparisonMetrics::surface(b);
  std::vector<double> out;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) {
      if (!sa.at(y, x)) continue;
      double best = 1e30;
      for (int v = 0; v < b.height(); ++v)
        for (int u = 0; u < b.width(); ++u)
          if (sb.at(v, u)) best = std::min(best, double((x - u) * (x - u) + (y - v) * (y - v)));
      out.push_back(std::sqrt(best));
    }
  return out;
}

}  // namespace

TEST(ComparisonMetricsTest, DiceOfKnownOverlapAndEmptyMasks) {
  Mask a(4, 4), b(4, 4);
  a.at(0, 0) = a.at(0, 1) = 255;
  b.at(0, 1) = b.at(0, 2) = b.at(0, 3) = 255;
  EXPECT_DOUBLE_EQ(ComparisonMetrics::dice(a, b), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(ComparisonMetrics::dice(Mask(4, 4), Mask(4, 4)), 0.0);  // spec: both empty -> 0
}

TEST(ComparisonMetricsTest, SurfaceUsesCrossErosionWithOutsideAsBackground) {
  Mask full(3, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 3; ++x) full.at(y, x) = 255;
  const Mask s = ComparisonMetrics::surface(full);
  EXPECT_EQ(s.area(), 8);  // only the centre survives the erosion
  EXPECT_EQ(s.at(1, 1), 0);
}

TEST(ComparisonMetricsTest, DirectedDistancesMatchBruteForceOnRandomShapes) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const Mask a = randomBlob(rng, 23, 31), b = randomBlob(rng, 23, 31);
    EXPECT_EQ(ComparisonMetrics::directedDistances(a, b), bruteDirected(a, b)) << "trial " << trial;
  }
}

TEST(ComparisonMetricsTest, HausdorffOfShiftedSquaresAndNumpyPercentile) {
  Mask a(20, 20), b(20, 20);
  for (int y = 5; y < 10; ++y)
    for (int x = 5; x < 10; ++x) {
      a.at(y, x) = 255;
      b.at(y, x + 3) = 255;
    }
  double hd = 0, hd95 = 0;
  ComparisonMetrics::hausdorff(a, b, hd, hd95);
  EXPECT_DOUBLE_EQ(hd, 3.0);
  // HD95 must equal numpy.percentile(method="linear") of both directed lists (brute force here).
  auto all = bruteDirected(a, b);
  const auto ba = bruteDirected(b, a);
  all.insert(all.end(), ba.begin(), ba.end());
  std::sort(all.begin(), all.end());
  const double idx = 0.95 * double(all.size() - 1);
  const size_t lo = size_t(idx);
  EXPECT_NEAR(hd95, all[lo] + (all[lo + 1] - all[lo]) * (idx - double(lo)), 1e-12);
}

TEST(ComparisonMetricsTest, EmptyMaskGivesMissingHausdorffNotZero) {
  Mask a(8, 8), b(8, 8);
  a.at(2, 2) = 255;
  double hd = 0, hd95 = 0;
  ComparisonMetrics::hausdorff(a, b, hd, hd95);
  EXPECT_TRUE(std::isnan(hd));
  EXPECT_TRUE(std::isnan(hd95));
}

TEST(ComparisonMetricsTest, LandmarkMseIsPerCoordinateNotPerPoint) {
  LandmarkSet a, b;
  b[0] = {3, 4};  // squared coordinate differences 9 + 16 over 240 values
  EXPECT_FLOAT_EQ(float(ComparisonMetrics::landmarkMse(a, b)), 25.0f / 240.0f);
}

TEST(ComparisonMetricsTest, IdenticalRealSegmentationGivesPerfectScores) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  CheXmaskCsvReader r(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string());
  CheXmaskRow row;
  ASSERT_TRUE(r.next(row));
  const Mask rl = row.mask(Organ::RightLung), ll = row.mask(Organ::LeftLung), h = row.mask(Organ::Heart);
  const ComparisonResult c = ComparisonMetrics::compare(rl, ll, h, row.landmarks, rl, ll, h, row.landmarks);
  EXPECT_EQ(c.diceLungs, 1.0);
  EXPECT_EQ(c.diceHeart, 1.0);
  EXPECT_EQ(c.hausdorffLungs, 0.0);
  EXPECT_EQ(c.hausdorff95Heart, 0.0);
  EXPECT_EQ(c.mse, 0.0);
}
