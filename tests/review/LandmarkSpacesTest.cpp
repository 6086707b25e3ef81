#include "core/review/LandmarkSpaces.h"

#include "core/review/ReviewError.h"
#include "core/store/PreprocessRepository.h"
#include "tests/common/EllipseLandmarks.h"

#include <gtest/gtest.h>

using cxr::review::LandmarkSpaces;
namespace fmt = cxr::format;

TEST(LandmarkSpacesTest, WithoutAStoredRecordUsesCentredSquarePadding) {
  const auto record = LandmarkSpaces::recordFor(std::nullopt, 600, 900);
  EXPECT_EQ(record.squareSide, 900);
  EXPECT_EQ(record.padTop, 150);
  EXPECT_EQ(record.padLeft, 0);
  EXPECT_EQ(record.modelSize, 1024);
}

TEST(LandmarkSpacesTest, StoredCropIsAppliedAndTheModelSideIsAlways1024) {
  cxr::store::PreprocessGeometry stored;
  stored.modelSize = 256;  // the network's input side; stored landmarks are still 1024-space
  stored.originalHeight = 1200, stored.originalWidth = 1000;
  stored.cropLeft = 40, stored.cropTop = 100, stored.cropRight = 60, stored.cropBottom = 100;
  stored.squareSide = 1000, stored.padLeft = 50, stored.padTop = 0;
  const LandmarkSpaces spaces(LandmarkSpaces::recordFor(stored, 1200, 1000));
  fmt::LandmarkSet model = cxr::test::ellipseLandmarks();
  model[0] = {512, 256};
  const fmt::LandmarkSet original = spaces.toOriginal(model);
  // x = 512 / 1024 * 1000 - 50 + 40, y = 256 / 1024 * 1000 - 0 + 100
  EXPECT_DOUBLE_EQ(original[0].x, 490.0);
  EXPECT_DOUBLE_EQ(original[0].y, 350.0);
  const fmt::LandmarkSet back = spaces.toModel(original);
  for (int i = 0; i < fmt::LandmarkSet::size(); ++i) {
    EXPECT_NEAR(back[i].x, model[i].x, 1e-9);
    EXPECT_NEAR(back[i].y, model[i].y, 1e-9);
  }
}

TEST(LandmarkSpacesTest, OriginalLandmarksOfAVersionPreferTheStoredOriginalSet) {
  const LandmarkSpaces spaces(LandmarkSpaces::recordFor(std::nullopt, 2048, 2048));
  cxr::store::SegmentationData data;
  data.landmarksModel = cxr::test::ellipseLandmarks();
  EXPECT_EQ(spaces.originalOf(data), cxr::test::ellipseLandmarks().scaled(2.0));
  data.landmarksOriginal = cxr::test::ellipseLandmarks(7);
  EXPECT_EQ(spaces.originalOf(data), cxr::test::ellipseLandmarks(7));
  EXPECT_THROW(spaces.originalOf(cxr::store::SegmentationData{}), cxr::review::ReviewError);
}
