#include "core/format/CheXmaskCsvReader.h"
#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "core/image/OverlayRenderer.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr;

namespace {
format::LandmarkSet releasedRow(const std::string& id) {
  format::CheXmaskCsvReader reader(test::sharedData("chexmask/ChestX-Ray8.csv").string());
  format::CheXmaskRow row;
  while (reader.next(row))
    if (row.imageId == id) return row.landmarks;
  throw std::runtime_error("no row " + id);
}
}  // namespace

TEST(OverlayRendererTest, TintsEachOrganAndLeavesBackgroundGrey) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  const format::LandmarkSet lm = releasedRow("00001437_024.png");
  const std::vector<uint8_t> grey(1024 * 1024, 128);
  const auto rgb = image::OverlayRenderer::render(grey.data(), 1024, 1024, lm);
  ASSERT_EQ(rgb.size(), 1024u * 1024u * 3u);
  auto px = [&](int y, int x) { return &rgb[(size_t(y) * 1024 + size_t(x)) * 3]; };
  const uint8_t* heart = px(560, 500);  // inside the heart polygon only
  EXPECT_GT(heart[0], heart[1]);
  EXPECT_GT(heart[0], heart[2]);
  const uint8_t* leftLung = px(300, 750);  // image-right = left lung: green
  EXPECT_GT(leftLung[1], leftLung[0]);
  const uint8_t* rightLung = px(400, 200);  // image-left = right lung: blue
  EXPECT_GT(rightLung[2], rightLung[0]);
  const uint8_t* outside = px(900, 100);
  EXPECT_EQ(outside[0], 128);
  EXPECT_EQ(outside[1], 128);
  EXPECT_EQ(outside[2], 128);
}

TEST(OverlayRendererTest, WritesAnRgbPngThatLoadsBack) {
  const auto dir = test::makeTempDir("overlay");
  format::LandmarkSet lm;
  for (int i = 0; i < 120; ++i) lm[i] = {20.0 + (i % 7) * 5, 20.0 + (i % 5) * 6};
  const std::vector<uint8_t> grey(64 * 48, 90);
  const auto rgb = image::OverlayRenderer::render(grey.data(), 64, 48, lm);
  const std::string path = (dir / "o.png").string();
  image::ImageWriter::writePngRgb(path, rgb.data(), 64, 48);
  const auto back = image::ImageLoader::load(path);
  EXPECT_EQ(back.width, 64);
  EXPECT_EQ(back.height, 48);
  std::filesystem::remove_all(dir);
}
