#include "core/image/GreyMapping.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cxr::image {
namespace {

TEST(GreyMappingTest, LinearWindowFollowsDicomDefinition) {
  // C = 2048, W = 4096: the window spans [0, 4095] with 0 at 0 and 1 above 4095.
  EXPECT_DOUBLE_EQ(GreyMapping::window(0.0, 2048, 4096, "LINEAR"), 0.0);
  EXPECT_DOUBLE_EQ(GreyMapping::window(4096.0, 2048, 4096, "LINEAR"), 1.0);
  EXPECT_NEAR(GreyMapping::window(2047.5, 2048, 4096, "LINEAR"), 0.5, 1e-12);
  // A window of width 1 is a threshold at C - 0.5.
  EXPECT_DOUBLE_EQ(GreyMapping::window(99.0, 100, 1, "LINEAR"), 0.0);
  EXPECT_DOUBLE_EQ(GreyMapping::window(100.0, 100, 1, "LINEAR"), 1.0);
}

TEST(GreyMappingTest, LinearExactAndSigmoidFunctions) {
  EXPECT_DOUBLE_EQ(GreyMapping::window(50.0, 100, 100, "LINEAR_EXACT"), 0.0);
  EXPECT_DOUBLE_EQ(GreyMapping::window(100.0, 100, 100, "LINEAR_EXACT"), 0.5);
  EXPECT_DOUBLE_EQ(GreyMapping::window(125.0, 100, 100, "LINEAR_EXACT"), 0.75);
  EXPECT_DOUBLE_EQ(GreyMapping::window(100.0, 100, 50, "SIGMOID"), 0.5);
  EXPECT_NEAR(GreyMapping::window(125.0, 100, 100, "SIGMOID"), 1.0 / (1.0 + std::exp(-1.0)), 1e-12);
}

TEST(GreyMappingTest, LutClampsOutsideItsRange) {
  VoiOption lut;
  lut.kind = VoiOption::Kind::Lut;
  lut.lutFirstMapped = 10;
  lut.lutData = {100, 200, 300};
  const auto out = GreyMapping::applyVoi({5.0f, 10.0f, 11.0f, 12.0f, 99.0f}, lut);
  EXPECT_EQ(out, (std::vector<double>{100, 100, 200, 300, 300}));
}

TEST(GreyMappingTest, Monochrome1IsInvertedAfterTheWindow) {
  VoiOption window;
  window.center = 100;
  window.width = 101;  // x in (49.5, 149.5] maps to (x - 99.5) / 100 + 0.5
  const std::vector<float> values = {0, 50, 100, 150, 400};
  // Windowed: 0, 0.005, 0.505, 1, 1; times 255 and truncated.
  EXPECT_EQ(GreyMapping::render(values, &window, false), (std::vector<uint8_t>{0, 1, 128, 255, 255}));
  // MONOCHROME1: 1 - windowed = 1, 0.995, 0.495, 0, 0 (inverting the stored values before the
  // window would instead have windowed 400 - x).
  EXPECT_EQ(GreyMapping::render(values, &window, true), (std::vector<uint8_t>{255, 253, 126, 0, 0}));
}

TEST(GreyMappingTest, ConstantImageRendersBlackWithoutDividingByZero) {
  EXPECT_EQ(GreyMapping::render({7, 7, 7}, nullptr, false), (std::vector<uint8_t>{0, 0, 0}));
}

}  // namespace
}  // namespace cxr::image
