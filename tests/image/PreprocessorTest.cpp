#include "core/image/ImageLoader.h"
#include "core/image/Preprocessor.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace cxr::image {
namespace {

TEST(PreprocessorTest, PortraitImageIsPaddedLeftAndRightByHalfTheDifference) {
  const int h = 300, w = 201;
  std::vector<uint8_t> grey(size_t(h) * w, 200);
  const PreprocessedImage out = Preprocessor::toModelSpace(grey.data(), h, w, 300, false);
  EXPECT_EQ(out.record.squareSide, 300);
  EXPECT_EQ(out.record.padLeft, 49);  // (300 - 201) // 2, the remainder goes right
  EXPECT_EQ(out.record.padTop, 0);
  ASSERT_EQ(out.pixels.size(), 300u * 300u);
  EXPECT_EQ(out.pixels[48], 0);
  EXPECT_EQ(out.pixels[49], 200);
  EXPECT_EQ(out.pixels[249], 200);
  EXPECT_EQ(out.pixels[250], 0);  // 49 + 201 = 250: first padded column on the right
}

TEST(PreprocessorTest, BlackBordersAreCroppedAtPixelsAboveOne) {
  const int h = 100, w = 120;
  std::vector<uint8_t> grey(size_t(h) * w, 1);  // 1 counts as black (threshold is > 1)
  for (int y = 10; y < 80; ++y)
    for (int x = 5; x < 115; ++x) grey[size_t(y) * w + size_t(x)] = 90;
  const PreprocessedImage out = Preprocessor::toModelSpace(grey.data(), h, w, 64, true);
  const PreprocessRecord& r = out.record;
  EXPECT_EQ(r.cropLeft, 5);
  EXPECT_EQ(r.cropTop, 10);
  EXPECT_EQ(r.cropRight, 5);
  EXPECT_EQ(r.cropBottom, 20);
  EXPECT_EQ(r.squareSide, 110);
  EXPECT_EQ(r.padTop, 20);  // (110 - 70) // 2
  EXPECT_EQ(r.padLeft, 0);
}

TEST(PreprocessorTest, BrightDotLandsWhereTheForwardMappingSaysForRandomShapes) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 25; ++trial) {
    const int h = std::uniform_int_distribution<int>(200, 1500)(rng);
    const int w = std::uniform_int_distribution<int>(200, 1500)(rng);
    const int size = trial % 2 ? 1024 : 256;
    const int dx = std::uniform_int_distribution<int>(10, w - 11)(rng);
    const int dy = std::uniform_int_distribution<int>(10, h - 11)(rng);
    std::vector<uint8_t> grey(size_t(h) * w, 30);
    // A 9 x 9 bright block survives down-scaling; its centre is the dot.
    for (int y = dy - 4; y <= dy + 4; ++y)
      for (int x = dx - 4; x <= dx + 4; ++x) grey[size_t(y) * w + size_t(x)] = 250;
    const PreprocessedImage out = Preprocessor::toModelSpace(grey.data(), h, w, size, false);
    const format::Point expected = out.record.toModel(format::Point{double(dx), double(dy)});
    double sx = 0, sy = 0, sum = 0;  // centroid of the above-background signal
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const double v = std::max(0, out.pixels[size_t(y) * size + size_t(x)] - 30);
        sx += v * x;
        sy += v * y;
        sum += v;
      }
    ASSERT_GT(sum, 0.0);
    // Pixel centres: OpenCV maps dst x to src (x + 0.5) / scale - 0.5.
    const double half = 0.5 * (out.record.scale() - 1.0);
    EXPECT_NEAR(sx / sum, expected.x + half, 0.6) << w << "x" << h;
    EXPECT_NEAR(sy / sum, expected.y + half, 0.6) << w << "x" << h;
  }
}

TEST(PreprocessorTest, Nih1024ImageIsUnchangedInModelSpace) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const LoadedImage img = ImageLoader::load(test::sharedData("images/nih/00001437_024.png").string());
  const PreprocessedImage out = Preprocessor::toModelSpace(img.grey8.data(), img.height, img.width, 1024, false);
  EXPECT_EQ(out.record.squareSide, 1024);
  EXPECT_EQ(out.pixels, img.grey8);
}

TEST(PreprocessorTest, HalvingAUniformBlockKeepsItsValueAndAveragesEdges) {
  // INTER_LINEAR at exactly 1/2 averages each 2 x 2 block: a checkerboard of 0/200 becomes 100.
  const int n = 64;
  std::vector<uint8_t> grey(size_t(n) * n);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) grey[size_t(y) * n + size_t(x)] = (x + y) % 2 ? 200 : 0;
  const PreprocessedImage out = Preprocessor::toModelSpace(grey.data(), n, n, n / 2, false);
  for (uint8_t v : out.pixels) ASSERT_EQ(v, 100);
}

}  // namespace
}  // namespace cxr::image
