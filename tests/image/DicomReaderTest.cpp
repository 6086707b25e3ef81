// DicomReader (through ImageLoader) on hand-assembled files: layouts no writer here produces.
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "tests/common/SharedData.h"
#include "tests/image/ImageTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace cxr::image {
namespace {

const std::string kExplicitLittle = "1.2.840.10008.1.2.1";

std::string words(const std::vector<uint16_t>& values) {
  std::string out;
  for (uint16_t v : values) {
    out.push_back(char(v & 0xFF));
    out.push_back(char(v >> 8));
  }
  return out;
}

class DicomReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { m_dir = test::makeTempDir("dicom-reader"); }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  LoadedImage load(const test::HandMadeDicom& dicom, const LoadOptions& options = {}) {
    const std::string path = (m_dir / "file.dcm").string();
    test::writeFile(path, dicom.bytes());
    return ImageLoader::load(path, options);
  }
  std::filesystem::path m_dir;
};

TEST_F(DicomReaderTest, MultiFrameUsesTheFirstFrameWithAWarning) {
  test::HandMadeDicom dicom(kExplicitLittle, 2, 3);
  dicom.text(0x0028, 0x0008, "IS", "2").pixels(std::string("\x01\x02\x03\x04\x05\x06\x50\x50\x50\x50\x50\x50", 12), false);
  const LoadedImage img = load(dicom);
  EXPECT_EQ(img.pixels, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(img.metadata.numberOfFrames, 2);
  ASSERT_FALSE(img.metadata.warnings.empty());
  EXPECT_NE(img.metadata.warnings[0].find("multi-frame"), std::string::npos);
}

TEST_F(DicomReaderTest, RgbInterleavedAndPlanarBecomeLuma) {
  const std::string interleaved("\xFF\x00\x00" "\x00\xFF\x00" "\x00\x00\xFF" "\x64\x64\x64", 12);
  const std::string planar("\xFF\x00\x00\x64" "\x00\xFF\x00\x64" "\x00\x00\xFF\x64", 12);
  const std::vector<float> luma = {float(0.299 * 255), float(0.587 * 255), float(0.114 * 255), 100.0f};
  for (int planarConfiguration : {0, 1}) {
    test::HandMadeDicom dicom(kExplicitLittle, 2, 2);
    dicom.text(0x0028, 0x0004, "CS", "RGB").us(0x0028, 0x0002, {3});
    dicom.us(0x0028, 0x0006, {uint16_t(planarConfiguration)});
    dicom.pixels(planarConfiguration ? planar : interleaved, false);
    const LoadedImage img = load(dicom);
    ASSERT_EQ(img.pixels.size(), 4u);
    for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(img.pixels[i], luma[i], 1e-3) << planarConfiguration;
  }
}

TEST_F(DicomReaderTest, VoiLutSequenceComesFirstAndIsAppliedByDefault) {
  // 12-bit values 0..4095 in 4 pixels; LUT of 3 entries starting at 1000 (clamped outside),
  // then a window: the LUT is option 0, the window option 1.
  test::HandMadeDicom dicom(kExplicitLittle, 2, 2);
  dicom.us(0x0028, 0x0100, {16}).us(0x0028, 0x0101, {12}).us(0x0028, 0x0102, {11});
  dicom.text(0x0028, 0x1050, "DS", "2048").text(0x0028, 0x1051, "DS", "4096");
  dicom.voiLut(3, 1000, 16, {10, 500, 1000});
  dicom.pixels(words({0, 1001, 1002, 4095}), false, "OW");
  const LoadedImage img = load(dicom);
  ASSERT_EQ(img.metadata.voiOptions.size(), 2u);
  EXPECT_EQ(img.metadata.voiOptions[0].kind, VoiOption::Kind::Lut);
  EXPECT_EQ(img.metadata.voiOptions[0].explanation, "TEST LUT");
  EXPECT_EQ(img.metadata.voiOptions[1].kind, VoiOption::Kind::Window);
  EXPECT_EQ(img.metadata.appliedVoi, 0);
  // LUT output 10, 500, 1000, 1000 -> min-max: 0, 490/990*255, 255, 255.
  EXPECT_EQ(img.grey8, (std::vector<uint8_t>{0, uint8_t(490.0 / 990.0 * 255.0), 255, 255}));
}

TEST_F(DicomReaderTest, BitsStoredBelowAHighHighBitAreShiftedDown) {
  // 12 bits stored in bits 4..15 (High Bit 15): stored words are value << 4 plus noise below.
  test::HandMadeDicom dicom(kExplicitLittle, 1, 3);
  dicom.us(0x0028, 0x0100, {16}).us(0x0028, 0x0101, {12}).us(0x0028, 0x0102, {15});
  dicom.pixels(words({uint16_t(5 << 4 | 0xF), uint16_t(4095 << 4), uint16_t(0 << 4 | 0x3)}), false, "OW");
  EXPECT_EQ(load(dicom).pixels, (std::vector<float>{5, 4095, 0}));
}

TEST_F(DicomReaderTest, RequestingAMissingVoiOptionIsAnError) {
  test::HandMadeDicom dicom(kExplicitLittle, 1, 2);
  dicom.text(0x0028, 0x1050, "DS", "100").text(0x0028, 0x1051, "DS", "50");
  dicom.pixels(std::string("\x10\x20", 2), false);
  LoadOptions options;
  options.voiIndex = 3;
  EXPECT_THROW(load(dicom, options), ImageError);
}

TEST_F(DicomReaderTest, UnsupportedPhotometricAndBitsAreNamed) {
  test::HandMadeDicom palette(kExplicitLittle, 1, 2);
  palette.text(0x0028, 0x0004, "CS", "PALETTE COLOR").pixels(std::string("\x01\x02", 2), false);
  try {
    load(palette);
    ADD_FAILURE() << "palette colour accepted";
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find("PALETTE COLOR"), std::string::npos) << e.what();
  }
  test::HandMadeDicom oneBit(kExplicitLittle, 8, 8);
  oneBit.us(0x0028, 0x0100, {1}).us(0x0028, 0x0101, {1}).us(0x0028, 0x0102, {0});
  oneBit.pixels(std::string(8, '\xAA'), false);
  EXPECT_THROW(load(oneBit), ImageError);
}

}  // namespace
}  // namespace cxr::image
