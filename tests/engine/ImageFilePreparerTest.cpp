#include "core/engine/ImageFilePreparer.h"

#include "core/image/SyntheticRadiograph.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cxr::engine;
namespace fs = std::filesystem;

TEST(ImageFilePreparerTest, PreparesModelInputAndMapsModelSpaceBackToOriginalPixels) {
  const fs::path dir = cxr::test::makeTempDir("preparer");
  cxr::image::SyntheticOptions options;
  options.width = 300;
  options.height = 200;
  const auto image = cxr::image::SyntheticRadiograph::generate(5, options);
  const std::string path = (dir / "wide.png").string();
  cxr::image::SyntheticRadiograph::writePng(image, path);

  const PreparedImage prepared = ImageFilePreparer().prepare({1, "wide", path}, 256);
  EXPECT_EQ(prepared.size, 256);
  EXPECT_EQ(prepared.pixels.size(), 256u * 256u);
  EXPECT_EQ(prepared.originalHeight, 200);
  EXPECT_EQ(prepared.originalWidth, 300);
  // The 300 x 200 image sits in a 300-side square with 50 padding rows on top: model-space
  // rows 0 .. 1024*50/300 are padding (black), the middle row holds the image.
  EXPECT_EQ(prepared.pixels[size_t(10) * 256 + 128], 0);
  EXPECT_GT(prepared.pixels[size_t(128) * 256 + 128], 0);
  // A point at 1024-space (512, 512) is the centre of the original: (150, 100).
  cxr::format::LandmarkSet centre;
  for (int i = 0; i < 120; ++i) centre[i] = {512.0, 512.0};
  const auto back = prepared.toOriginal(centre);
  EXPECT_EQ(back[0].x, 150.0);
  EXPECT_EQ(back[0].y, 100.0);
  // And (0, 0) is the square's corner: x = 0, y = -pad_top = -50.
  const auto corner = prepared.toOriginal(cxr::format::LandmarkSet());
  EXPECT_EQ(corner[0].x, 0.0);
  EXPECT_EQ(corner[0].y, -50.0);
  fs::remove_all(dir);
}

TEST(ImageFilePreparerTest, UnreadableFileThrowsNamingIt) {
  try {
    ImageFilePreparer().prepare({1, "x", "/nonexistent/x.png"}, 64);
    FAIL();
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.png"), std::string::npos);
  }
}

TEST(ImageFilePreparerTest, PreparesTheRealNihImage) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const PreparedImage p =
      ImageFilePreparer().prepare({1, "nih", cxr::test::sharedData("images/nih/00001437_024.png").string()}, 256);
  EXPECT_EQ(p.originalWidth, 1024);
  EXPECT_EQ(p.originalHeight, 1024);
  double sum = 0;
  for (uint8_t v : p.pixels) sum += v;
  EXPECT_GT(sum / double(p.pixels.size()), 20.0);  // a real radiograph, not a black square
}
