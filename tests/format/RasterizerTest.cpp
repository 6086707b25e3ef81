#include "core/format/CheXmaskCsvReader.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

using namespace cxr::format;

TEST(RasterizerTest, FillsInteriorAndBoundaryOfASquare) {
  const Mask m = Rasterizer::fillPolygon({{2, 2}, {6, 2}, {6, 6}, {2, 6}}, 10, 10);
  EXPECT_EQ(m.area(), 25);  // 5x5 including the boundary line
  EXPECT_EQ(m.at(2, 2), 255);
  EXPECT_EQ(m.at(6, 6), 255);
  EXPECT_EQ(m.at(7, 7), 0);
}

TEST(RasterizerTest, TruncatesCoordinatesTowardZeroLikeAstypeInt) {
  const Mask a = Rasterizer::fillPolygon({{2.9, 2.9}, {6.9, 2.2}, {6.5, 6.99}, {2.1, 6.7}}, 10, 10);
  const Mask b = Rasterizer::fillPolygon({{2, 2}, {6, 2}, {6, 6}, {2, 6}}, 10, 10);
  EXPECT_EQ(a, b);
}

namespace {
// Fills an organ's ring with the four corners of a square (consecutive duplicates are legal).
void squareOrgan(LandmarkSet& s, Organ organ, double x0, double y0, double side) {
  const Point corners[4] = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
  const OrganRange r = organRange(organ);
  for (int i = 0; i < r.count; ++i) s[r.first + i] = corners[i * 4 / r.count];
}
}  // namespace

TEST(RasterizerTest, LabelMapDrawsLungsAsOneAndHeartLastAsTwo) {
  LandmarkSet s;
  squareOrgan(s, Organ::RightLung, 1, 1, 8);
  squareOrgan(s, Organ::LeftLung, 12, 1, 6);
  squareOrgan(s, Organ::Heart, 6, 6, 8);
  const auto labels = Rasterizer::labelMap(s, 20, 20);
  auto at = [&](int y, int x) { return int(labels[size_t(y) * 20 + size_t(x)]); };
  EXPECT_EQ(at(2, 2), 1);    // right lung only
  EXPECT_EQ(at(3, 14), 1);   // left lung
  EXPECT_EQ(at(7, 7), 2);    // heart over the lung
  EXPECT_EQ(at(13, 13), 2);  // heart only
  EXPECT_EQ(at(19, 0), 0);
  EXPECT_EQ(Rasterizer::organMask(s, Organ::Heart, 20, 20).area(), 81);
}

TEST(RasterizerTest, LandmarksReproduceEveryReleasedMaskExactly) {
  int rows = 0, identical = 0;
  for (const char* csv : cxr::test::kModelCsvs) {
    CXR_REQUIRE_SHARED(csv);
    CheXmaskCsvReader reader(cxr::test::sharedData(csv).string());
    CheXmaskRow row;
    while (reader.next(row)) {
      ++rows;
      bool same = true;
      for (Organ o : kOrgans) {
        const std::string rle = Rle::encode(Rasterizer::organMask(row.landmarks, o, row.height, row.width));
        EXPECT_EQ(rle, row.rle(o)) << csv << " " << row.imageId << " " << organColumnName(o);
        same = same && rle == row.rle(o);
      }
      identical += same;
    }
  }
  EXPECT_EQ(rows, 156);
  EXPECT_EQ(identical, rows);
}

TEST(RasterizerTest, PhysicianMasksDifferFromTheirCutLandmarks) {
  // review-metrics.md: physicians' stored masks are not fills of their 120 landmarks.
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8_julia_annotations.csv");
  CheXmaskCsvReader reader(cxr::test::sharedData("chexmask/ChestX-Ray8_julia_annotations.csv").string());
  CheXmaskRow row;
  int differing = 0;
  while (reader.next(row))
    differing += Rle::encode(Rasterizer::organMask(row.landmarks, Organ::RightLung, 1024, 1024)) != row.rleRightLung;
  EXPECT_GT(differing, 0);
}
