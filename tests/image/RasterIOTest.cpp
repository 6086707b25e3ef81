// RasterIO (through ImageLoader) on hand-assembled TIFF and BMP files: orientation and depth.
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "tests/common/SharedData.h"
#include "tests/image/ImageTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace cxr::image {
namespace {

void le16(std::string& s, uint16_t v) {
  s += char(v & 0xFF);
  s += char(v >> 8);
}
void le32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s += char((v >> (8 * i)) & 0xFF);
}

/// Uncompressed little-endian grey TIFF, one strip, 8 or 16 bits.
std::string tiff(int width, int height, int bits, const std::string& pixels) {
  std::string s = "II*";
  s += '\0';
  le32(s, 8);
  const struct { uint16_t tag, type; uint32_t value; } entries[] = {
      {256, 3, uint32_t(width)}, {257, 3, uint32_t(height)}, {258, 3, uint32_t(bits)},
      {259, 3, 1}, {262, 3, 1}, {273, 4, 8 + 2 + 9 * 12 + 4}, {277, 3, 1},
      {278, 3, uint32_t(height)}, {279, 4, uint32_t(pixels.size())}};
  le16(s, 9);
  for (const auto& e : entries) {
    le16(s, e.tag);
    le16(s, e.type);
    le32(s, 1);
    if (e.type == 3) {
      le16(s, uint16_t(e.value));
      le16(s, 0);
    } else {
      le32(s, e.value);
    }
  }
  le32(s, 0);
  return s + pixels;
}

/// 24-bit BMP, stored bottom-up as the format requires; `rgb` is top-down, row-major.
std::string bmp(int width, int height, const std::string& rgb) {
  const int stride = (width * 3 + 3) / 4 * 4;
  std::string s = "BM";
  le32(s, uint32_t(54 + stride * height));
  le32(s, 0);
  le32(s, 54);
  le32(s, 40);
  le32(s, uint32_t(width));
  le32(s, uint32_t(height));
  le16(s, 1);
  le16(s, 24);
  for (int i = 0; i < 6; ++i) le32(s, i == 1 ? uint32_t(stride * height) : 0);
  for (int y = height - 1; y >= 0; --y) {
    for (int x = 0; x < width; ++x) {
      const size_t p = 3 * (size_t(y) * width + size_t(x));
      s += rgb[p + 2];  // BGR
      s += rgb[p + 1];
      s += rgb[p];
    }
    s.append(size_t(stride - width * 3), '\0');
  }
  return s;
}

class RasterIOTest : public ::testing::Test {
 protected:
  void SetUp() override { m_dir = test::makeTempDir("raster-io"); }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (m_dir / name).string();
    test::writeFile(path, bytes);
    return path;
  }
  std::filesystem::path m_dir;
};

TEST_F(RasterIOTest, EightBitTiffKeepsRowOrderAndValues) {
  const std::string pixels("\x01\x02\x03\x0A\x0B\x0C", 6);  // 3 x 2, first row 1 2 3
  const LoadedImage img = ImageLoader::load(write("a.tif", tiff(3, 2, 8, pixels)));
  EXPECT_EQ(img.metadata.fileFormat, "TIFF");
  ASSERT_EQ(img.width, 3);
  ASSERT_EQ(img.height, 2);
  EXPECT_EQ(img.grey8, (std::vector<uint8_t>{1, 2, 3, 10, 11, 12}));
}

TEST_F(RasterIOTest, SixteenBitTiffKeepsFullDepth) {
  std::string pixels;
  for (uint16_t v : {0, 1000, 40000, 65535}) le16(pixels, v);
  const LoadedImage img = ImageLoader::load(write("b.tif", tiff(2, 2, 16, pixels)));
  EXPECT_EQ(img.pixels, (std::vector<float>{0, 1000, 40000, 65535}));
  EXPECT_EQ(img.grey8, (std::vector<uint8_t>{0, uint8_t(1000.0 / 65535 * 255), uint8_t(40000.0 / 65535 * 255), 255}));
}

TEST_F(RasterIOTest, BottomUpBmpIsReturnedTopRowFirstAndConvertedToGrey) {
  // 2 x 2: top row white, black; bottom row pure red, grey 100.
  const std::string rgb("\xFF\xFF\xFF" "\x00\x00\x00" "\xFF\x00\x00" "\x64\x64\x64", 12);
  const LoadedImage img = ImageLoader::load(write("c.bmp", bmp(2, 2, rgb)));
  EXPECT_EQ(img.metadata.fileFormat, "BMP");
  // OpenCV luma of pure red: (255 * 4899 + 8192) >> 14 = 76.
  EXPECT_EQ(img.grey8, (std::vector<uint8_t>{255, 0, 76, 100}));
}

}  // namespace
}  // namespace cxr::image
