// DICOM files written by DCMTK (through ImageWriter) from known arrays read back to the display
// values the spec's pipeline gives, computed here independently in double precision.
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "core/image/ImageWriter.h"
#include "tests/common/SharedData.h"
#include "tests/image/ImageTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace cxr::image {
namespace {

constexpr int kW = 61, kH = 47;  // odd sizes catch row-padding and stride mistakes

/// A known pattern covering [lo, hi]: a ramp with a deterministic scramble.
std::vector<int32_t> pattern(int32_t lo, int32_t hi) {
  std::vector<int32_t> v(size_t(kW) * kH);
  const int64_t range = int64_t(hi) - lo + 1;
  for (size_t i = 0; i < v.size(); ++i) v[i] = int32_t(lo + int64_t((i * 7919 + i / 13) % uint64_t(range)));
  v[0] = lo;
  v[1] = hi;
  return v;
}

/// The spec's last step, as numpy: ((x - min) / (max - min) * 255).astype(uint8).
std::vector<uint8_t> minMax8(const std::vector<double>& x) {
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  std::vector<uint8_t> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = uint8_t((x[i] - *lo) / (*hi - *lo) * 255.0);
  return out;
}

/// DICOM PS3.3 C.11.2.1.2.1 linear window, output in [0, 1].
double linearWindow(double x, double c, double w) {
  if (x <= c - 0.5 - (w - 1) / 2) return 0.0;
  if (x > c - 0.5 + (w - 1) / 2) return 1.0;
  return (x - (c - 0.5)) / (w - 1) + 0.5;
}

class ImageWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { m_dir = test::makeTempDir("image-writer"); }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::string path(const std::string& name) const { return (m_dir / name).string(); }

  LoadedImage roundTrip(const std::string& name, const std::vector<int32_t>& stored,
                        const DicomWriteOptions& options) {
    ImageWriter::writeDicom(path(name), stored, kW, kH, options);
    const LoadedImage img = ImageLoader::load(path(name));
    EXPECT_EQ(img.width, kW);
    EXPECT_EQ(img.height, kH);
    EXPECT_EQ(img.metadata.transferSyntaxUid, ImageWriter::transferSyntaxUid(options.encoding));
    return img;
  }
  std::filesystem::path m_dir;
};

TEST_F(ImageWriterTest, Monochrome1TwelveBitIsInvertedAfterTheModalityStep) {
  const auto stored = pattern(0, 4095);
  DicomWriteOptions o;
  o.photometric = "MONOCHROME1";
  o.bitsStored = 12;
  const LoadedImage img = roundTrip("mono1.dcm", stored, o);
  EXPECT_TRUE(img.monochrome1);
  EXPECT_EQ(img.metadata.bitsStored, 12);
  std::vector<double> inverted(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    ASSERT_EQ(img.pixels[i], float(stored[i])) << i;
    inverted[i] = 4095.0 - stored[i];
  }
  EXPECT_EQ(img.grey8, minMax8(inverted));
  EXPECT_EQ(img.grey8[0], 255);  // stored 0 is white in MONOCHROME1
  EXPECT_EQ(img.grey8[1], 0);
}

TEST_F(ImageWriterTest, JpegLsLosslessSixteenBitIsExact) {
  const auto stored = pattern(0, 65535);
  DicomWriteOptions o;
  o.encoding = DicomEncoding::JpegLsLossless;
  const LoadedImage img = roundTrip("jls.dcm", stored, o);
  std::vector<double> values(stored.begin(), stored.end());
  for (size_t i = 0; i < stored.size(); ++i) ASSERT_EQ(img.pixels[i], float(stored[i])) << i;
  EXPECT_EQ(img.grey8, minMax8(values));
}

TEST_F(ImageWriterTest, RleWithWindowAppliesTheFirstWindowByDefault) {
  const auto stored = pattern(0, 4095);
  DicomWriteOptions o;
  o.bitsStored = 12;
  o.encoding = DicomEncoding::Rle;
  o.windows = {{2000.0, 1500.0}, {1000.0, 4000.0}};
  const LoadedImage img = roundTrip("rle.dcm", stored, o);
  ASSERT_EQ(img.metadata.voiOptions.size(), 2u);
  EXPECT_EQ(img.metadata.appliedVoi, 0);
  std::vector<double> windowed(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    ASSERT_EQ(img.pixels[i], float(stored[i]));
    windowed[i] = linearWindow(stored[i], 2000.0, 1500.0);
  }
  EXPECT_EQ(img.grey8, minMax8(windowed));

  LoadOptions second;
  second.voiIndex = 1;
  const LoadedImage other = ImageLoader::load(path("rle.dcm"), second);
  for (size_t i = 0; i < stored.size(); ++i) windowed[i] = linearWindow(stored[i], 1000.0, 4000.0);
  EXPECT_EQ(other.grey8, minMax8(windowed));
  LoadOptions none;
  none.voiIndex = -1;
  std::vector<double> raw(stored.begin(), stored.end());
  EXPECT_EQ(ImageLoader::load(path("rle.dcm"), none).grey8, minMax8(raw));
}

TEST_F(ImageWriterTest, BareDatasetWithoutPreambleIsDetectedAndRead) {
  const auto stored = pattern(3, 250);
  DicomWriteOptions o;
  o.bitsAllocated = o.bitsStored = 8;
  o.encoding = DicomEncoding::ImplicitLittle;
  o.withMetaHeader = false;
  o.patientId = "ACR-NEMA-1";
  ImageWriter::writeDicom(path("bare.dcm"), stored, kW, kH, o);
  const std::string bytes = test::readFile(path("bare.dcm"));
  ASSERT_GT(bytes.size(), 132u);
  EXPECT_NE(bytes.substr(128, 4), "DICM");
  const LoadedImage img = ImageLoader::load(path("bare.dcm"));
  EXPECT_EQ(img.metadata.patientId, "ACR-NEMA-1");
  std::vector<double> values(stored.begin(), stored.end());
  for (size_t i = 0; i < stored.size(); ++i) ASSERT_EQ(img.pixels[i], float(stored[i]));
  EXPECT_EQ(img.grey8, minMax8(values));
}

TEST_F(ImageWriterTest, SignedSixteenBitWithRescaleGivesModalityValues) {
  const auto stored = pattern(-32768, 32767);
  DicomWriteOptions o;
  o.pixelSigned = true;
  o.writeRescale = true;
  o.rescaleSlope = 0.5;
  o.rescaleIntercept = -1024.0;
  const LoadedImage img = roundTrip("signed.dcm", stored, o);
  EXPECT_TRUE(img.metadata.pixelSigned);
  EXPECT_DOUBLE_EQ(img.metadata.rescaleSlope, 0.5);
  std::vector<double> modality(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    modality[i] = stored[i] * 0.5 - 1024.0;
    ASSERT_EQ(img.pixels[i], float(modality[i])) << i;
  }
  EXPECT_EQ(img.minValue, -17408.0f);
  EXPECT_EQ(img.grey8, minMax8(modality));
}

TEST_F(ImageWriterTest, SignedTwelveBitInSixteenIsSignExtended) {
  const auto stored = pattern(-2048, 2047);
  DicomWriteOptions o;
  o.pixelSigned = true;
  o.bitsStored = 12;
  o.encoding = DicomEncoding::ExplicitBig;
  const LoadedImage img = roundTrip("signed12_big.dcm", stored, o);
  for (size_t i = 0; i < stored.size(); ++i) ASSERT_EQ(img.pixels[i], float(stored[i])) << i;
}

TEST_F(ImageWriterTest, DeflatedAndJpegLosslessAreExact) {
  const auto stored = pattern(0, 4095);
  for (DicomEncoding e : {DicomEncoding::Deflated, DicomEncoding::JpegLossless}) {
    DicomWriteOptions o;
    o.bitsStored = 12;
    o.encoding = e;
    const LoadedImage img = roundTrip("enc" + std::to_string(int(e)) + ".dcm", stored, o);
    for (size_t i = 0; i < stored.size(); ++i) ASSERT_EQ(img.pixels[i], float(stored[i])) << int(e);
  }
}

TEST_F(ImageWriterTest, JpegBaselineIsCloseAndMetadataSurvives) {
  std::vector<int32_t> smooth(size_t(kW) * kH);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) smooth[size_t(y) * kW + size_t(x)] = 20 + 3 * x + y;
  DicomWriteOptions o;
  o.bitsAllocated = o.bitsStored = 8;
  o.encoding = DicomEncoding::JpegBaseline;
  o.patientId = "P-42";
  o.studyInstanceUid = "1.2.826.0.1.3680043.2.1125.1";
  o.viewPosition = "AP";
  o.pixelSpacing = 0.143;
  const LoadedImage img = roundTrip("jpeg.dcm", smooth, o);
  for (size_t i = 0; i < smooth.size(); ++i) EXPECT_NEAR(img.pixels[i], smooth[i], 6.0) << i;
  EXPECT_EQ(img.metadata.patientId, "P-42");
  EXPECT_EQ(img.metadata.studyInstanceUid, "1.2.826.0.1.3680043.2.1125.1");
  EXPECT_EQ(img.metadata.viewPosition, "AP");
  EXPECT_EQ(img.metadata.modality, "DX");
  EXPECT_EQ(img.metadata.bodyPartExamined, "CHEST");
  EXPECT_NEAR(img.metadata.pixelSpacingRow, 0.143, 1e-9);
  EXPECT_FALSE(img.metadata.sopInstanceUid.empty());
}

TEST_F(ImageWriterTest, ValuesOutsideBitsStoredAreRejected) {
  DicomWriteOptions o;
  o.bitsStored = 12;
  std::vector<int32_t> bad(size_t(kW) * kH, 0);
  bad[5] = 4096;
  EXPECT_THROW(ImageWriter::writeDicom(path("bad.dcm"), bad, kW, kH, o), ImageError);
}

TEST_F(ImageWriterTest, SixteenBitPngKeepsFullDepth) {
  std::vector<uint16_t> values(size_t(kW) * kH);
  for (size_t i = 0; i < values.size(); ++i) values[i] = uint16_t((i * 1031) % 65536);
  ImageWriter::writePng16(path("deep.png"), values.data(), kW, kH);
  const LoadedImage img = ImageLoader::load(path("deep.png"));
  EXPECT_EQ(img.metadata.bitsStored, 16);
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(img.pixels[i], float(values[i]));
  std::vector<double> d(values.begin(), values.end());
  EXPECT_EQ(img.grey8, minMax8(d));
}

}  // namespace
}  // namespace cxr::image
