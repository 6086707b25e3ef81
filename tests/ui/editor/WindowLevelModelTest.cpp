#include "ui/editor/WindowLevelModel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using cxr::editor::WindowLevelModel;
using cxr::editor::WindowPreset;

TEST(WindowLevelModelTest, RenderMapsWindowEdgesToBlackAndWhiteAndTheCentreToMidGrey) {
  WindowLevelModel wl;
  wl.setImageRange(0, 4095);
  wl.setWindowLevel(1020, 2000);  // [1490, 2510]: 0.25 grey per value, exact in float
  const std::vector<float> px{0, 1490, 1745, 2000, 2255, 2510, 4095};
  const QImage img = wl.render(px.data(), int(px.size()), 1);
  ASSERT_EQ(img.format(), QImage::Format_Grayscale8);
  const uchar* row = img.constScanLine(0);
  EXPECT_EQ(row[0], 0);
  EXPECT_EQ(row[1], 0);
  EXPECT_EQ(row[2], 64);   // 63.75 rounds to 64
  EXPECT_EQ(row[3], 128);  // 127.5 rounds half up
  EXPECT_EQ(row[4], 191);  // 191.25
  EXPECT_EQ(row[5], 255);
  EXPECT_EQ(row[6], 255);
}

TEST(WindowLevelModelTest, InversionSwapsBlackAndWhite) {
  WindowLevelModel wl;
  wl.setImageRange(0, 100);
  wl.setWindowLevel(100, 50);
  const std::vector<float> px{0, 25, 100};
  wl.setInverted(true);
  const QImage img = wl.render(px.data(), 3, 1);
  EXPECT_EQ(img.constScanLine(0)[0], 255);
  EXPECT_EQ(img.constScanLine(0)[1], 255 - 64);
  EXPECT_EQ(img.constScanLine(0)[2], 0);
}

TEST(WindowLevelModelTest, RenderAgreesWithDisplayValueOnEveryPixelIncludingRowTails) {
  WindowLevelModel wl;
  wl.setImageRange(-1024, 3071);
  wl.setWindowLevel(1700, 300);
  const int w = 37, h = 5;  // odd width: exercises the scalar tail after 16-wide blocks
  std::vector<float> px(size_t(w) * h);
  for (size_t i = 0; i < px.size(); ++i) px[i] = -1024.0f + float(i) * 23.5f;
  px[3] = std::numeric_limits<float>::quiet_NaN();
  const QImage img = wl.render(px.data(), w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      ASSERT_EQ(img.constScanLine(y)[x], wl.displayValue(px[size_t(y) * w + x])) << x << "," << y;
  EXPECT_EQ(img.constScanLine(0)[3], 0);  // NaN shows black
  EXPECT_TRUE(wl.render(nullptr, 4, 4).isNull());
}

TEST(WindowLevelModelTest, DragWidensWithDxAndRaisesLevelWithDyScaledToTheRange) {
  WindowLevelModel wl;
  wl.setImageRange(0, 4096);
  wl.setWindowLevel(1000, 2000);
  int notifications = 0;
  wl.changed.connect([&] { ++notifications; });
  wl.dragBy(64, 0);  // 64 px of 512 px per range = 1/8 of 4096
  EXPECT_DOUBLE_EQ(wl.window(), 1512);
  EXPECT_DOUBLE_EQ(wl.level(), 2000);
  wl.dragBy(0, -125);
  EXPECT_DOUBLE_EQ(wl.level(), 1000);
  EXPECT_EQ(notifications, 2);
  wl.dragBy(-100000, 0);
  EXPECT_DOUBLE_EQ(wl.window(), wl.minimumWidth());
  EXPECT_GT(wl.window(), 0.0);
}

TEST(WindowLevelModelTest, PresetsAreRelativeToTheImageRange) {
  WindowLevelModel wl;
  wl.setImageRange(1000, 5000);  // span 4000
  const auto full = wl.presetWindow(WindowPreset::FullRange);
  EXPECT_DOUBLE_EQ(full.first, 4000);
  EXPECT_DOUBLE_EQ(full.second, 3000);
  const auto lung = wl.presetWindow(WindowPreset::Lung);
  const auto mediastinum = wl.presetWindow(WindowPreset::Mediastinum);
  const auto bone = wl.presetWindow(WindowPreset::Bone);
  EXPECT_DOUBLE_EQ(lung.first, 0.70 * 4000);
  EXPECT_DOUBLE_EQ(lung.second, 1000 + 0.35 * 4000);
  EXPECT_GT(lung.first, mediastinum.first);  // lung wide, mediastinum narrow
  EXPECT_GT(mediastinum.second, lung.second);
  EXPECT_GT(bone.second, mediastinum.second);
  wl.applyPreset(WindowPreset::Mediastinum);
  EXPECT_DOUBLE_EQ(wl.window(), mediastinum.first);
  EXPECT_DOUBLE_EQ(wl.level(), mediastinum.second);
}

TEST(WindowLevelModelTest, PresetsMirrorForInvertedMonochrome1Images) {
  WindowLevelModel wl;
  wl.reset(0, 1000, std::nullopt, /*inverted=*/true);
  EXPECT_TRUE(wl.inverted());
  // The lung window covers the dark end of the display: the high raw values of MONOCHROME1.
  EXPECT_DOUBLE_EQ(wl.presetWindow(WindowPreset::Lung).second, 650.0);
  EXPECT_DOUBLE_EQ(wl.presetWindow(WindowPreset::Bone).second, 200.0);
  const std::vector<float> px{1000};
  wl.applyPreset(WindowPreset::Lung);
  EXPECT_EQ(wl.render(px.data(), 1, 1).constScanLine(0)[0], 0);  // highest raw value: black
}

TEST(WindowLevelModelTest, DefaultPresetIsTheDicomWindowElseTheFullRange) {
  WindowLevelModel wl;
  int notifications = 0;
  wl.changed.connect([&] { ++notifications; });
  wl.reset(0, 4095, std::make_pair(1800.0, 2400.0), false);
  EXPECT_EQ(notifications, 1);
  EXPECT_DOUBLE_EQ(wl.level(), 1800);
  EXPECT_DOUBLE_EQ(wl.window(), 2400);
  wl.applyPreset(WindowPreset::FullRange);
  wl.applyPreset(WindowPreset::Default);
  EXPECT_DOUBLE_EQ(wl.level(), 1800);
  wl.clearDefaultWindow();
  wl.applyPreset(WindowPreset::Default);
  EXPECT_DOUBLE_EQ(wl.window(), 4095);
  EXPECT_DOUBLE_EQ(wl.level(), 2047.5);
}

TEST(WindowLevelModelTest, HounsfieldPresetsUseAbsoluteWindows) {
  WindowLevelModel wl;
  wl.setImageRange(-1024, 3071);
  wl.setHounsfield(true);
  EXPECT_EQ(wl.presetWindow(WindowPreset::Lung), std::make_pair(1500.0, -600.0));
  EXPECT_EQ(wl.presetWindow(WindowPreset::Mediastinum), std::make_pair(350.0, 40.0));
}

TEST(WindowLevelModelTest, InvalidRangesAndWindowsAreRefused) {
  WindowLevelModel wl;
  EXPECT_THROW(wl.setImageRange(10, 5), std::invalid_argument);
  EXPECT_THROW(wl.setImageRange(0, std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW(wl.setDefaultWindow(10, 0), std::invalid_argument);
  wl.setImageRange(7, 7);  // a constant image still gets a usable window
  EXPECT_GT(wl.window(), 0.0);
}
