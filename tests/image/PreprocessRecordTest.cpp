#include "core/format/CheXmaskCsvReader.h"
#include "core/image/PreprocessRecord.h"
#include "core/image/Preprocessor.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace cxr::image {
namespace {

format::LandmarkSet randomLandmarks(std::mt19937& rng, int height, int width) {
  std::uniform_real_distribution<double> x(0.0, width - 1.0), y(0.0, height - 1.0);
  format::LandmarkSet set;
  for (int i = 0; i < format::kLandmarkCount; ++i) set[i] = {x(rng), y(rng)};
  return set;
}

PreprocessRecord randomRecord(std::mt19937& rng) {
  std::uniform_int_distribution<int> side(64, 4000), crop(0, 40);
  const int h = side(rng), w = side(rng);
  PreprocessRecord r = PreprocessRecord::squarePadding(h, w, 1024);
  // Crops as Preprocessor records them: the square is built from the cropped image.
  r.cropLeft = crop(rng);
  r.cropTop = crop(rng);
  r.cropRight = crop(rng);
  r.cropBottom = crop(rng);
  const int ch = h - r.cropTop - r.cropBottom, cw = w - r.cropLeft - r.cropRight;
  r.squareSide = std::max(ch, cw);
  r.padTop = (r.squareSide - ch) / 2;
  r.padLeft = (r.squareSide - cw) / 2;
  return r;
}

TEST(PreprocessRecordTest, RoundTripOfOriginalLandmarksIsWithinHalfAPixel) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    const PreprocessRecord r = randomRecord(rng);
    const format::LandmarkSet original = randomLandmarks(rng, r.originalHeight, r.originalWidth);
    const format::LandmarkSet back = r.toOriginal(r.toModel(original));
    const format::LandmarkSet exact = r.toOriginalUnrounded(r.toModel(original));
    for (int i = 0; i < format::kLandmarkCount; ++i) {
      ASSERT_LE(std::abs(back[i].x - original[i].x), 0.5 + 1e-9);
      ASSERT_LE(std::abs(back[i].y - original[i].y), 0.5 + 1e-9);
      ASSERT_NEAR(exact[i].x, original[i].x, 1e-9);
      ASSERT_NEAR(exact[i].y, original[i].y, 1e-9);
    }
  }
}

TEST(PreprocessRecordTest, IntegerModelLandmarksComeBackWithinTheirQuantisation) {
  // The release stores model landmarks as integers: one model pixel is S / 1024 original pixels,
  // so the round trip error is at most half of that plus the final rounding.
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const PreprocessRecord r = randomRecord(rng);
    const format::LandmarkSet original = randomLandmarks(rng, r.originalHeight, r.originalWidth);
    const format::LandmarkSet back = r.toOriginal(r.toModel(original).rounded());
    const double bound = 0.5 * r.squareSide / 1024.0 + 0.5 + 1e-9;
    for (int i = 0; i < format::kLandmarkCount; ++i) {
      ASSERT_LE(std::abs(back[i].x - original[i].x), bound);
      ASSERT_LE(std::abs(back[i].y - original[i].y), bound);
    }
  }
}

TEST(PreprocessRecordTest, InverseUsesTheSpecFormula) {
  // 600 x 400 (h x w): S = 600, pad_left = 100; x = round(x1024 / 1024 * 600 - 100).
  std::vector<uint8_t> grey(600 * 400, 50);
  const PreprocessRecord r = Preprocessor::toModelSpace(grey.data(), 600, 400, 1024, false).record;
  format::LandmarkSet model;
  model[0] = {512.0, 512.0};
  model[1] = {200.0, 17.0};
  const format::LandmarkSet original = r.toOriginal(model);
  EXPECT_EQ(original[0], (format::Point{200.0, 300.0}));
  EXPECT_EQ(original[1], (format::Point{std::round(200.0 / 1024 * 600 - 100), std::round(17.0 / 1024 * 600)}));
}

TEST(PreprocessRecordTest, ReleasedNihRowIsTheIdentityAtFullSize) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  format::CheXmaskCsvReader reader(test::sharedData("chexmask/ChestX-Ray8.csv").string());
  format::CheXmaskRow row;
  bool found = false;
  while (!found && reader.next(row)) found = row.imageId == "00001437_024.png";
  ASSERT_TRUE(found);
  ASSERT_EQ(row.height, 1024);
  const PreprocessRecord r = PreprocessRecord::squarePadding(row.height, row.width, 1024);
  EXPECT_EQ(r.toOriginal(row.landmarks), row.landmarks);
  EXPECT_EQ(r.toModel(row.landmarks), row.landmarks);
}

}  // namespace
}  // namespace cxr::image
