// ImageLoader on the real shared files (geometry, polarity, metadata) and on bad files.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/Rasterizer.h"
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "core/image/SyntheticRadiograph.h"
#include "tests/common/SharedData.h"
#include "tests/image/ImageTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include <zlib.h>

namespace cxr::image {
namespace {

using test::meanInBox;

/// Lungs dark: both lung fields darker than the mediastinum strip between them.
void expectLungsDarkerThanMediastinum(const LoadedImage& img, double margin) {
  const double mediastinum = meanInBox(img.grey8, img.height, img.width, 0.45, 0.35, 0.55, 0.65);
  const double right = meanInBox(img.grey8, img.height, img.width, 0.18, 0.3, 0.33, 0.6);
  const double left = meanInBox(img.grey8, img.height, img.width, 0.67, 0.3, 0.82, 0.6);
  EXPECT_GT(mediastinum - right, margin) << img.metadata.path;
  EXPECT_GT(mediastinum - left, margin) << img.metadata.path;
}

/// Expects `load` to throw ImageError whose message names the file and contains `cause`.
void expectLoadError(const std::string& path, const std::string& cause) {
  try {
    ImageLoader::load(path);
    ADD_FAILURE() << "no error for " << path;
  } catch (const ImageError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(cause), std::string::npos) << message;
  }
}

// This patient's right lung (image left) is largely opacified; the left lung is clear.
TEST(ImageLoaderTest, NihPngIsGreyWithClearLungDarkerThanHeartOfItsCheXmaskRow) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  const LoadedImage img = ImageLoader::load(test::sharedData("images/nih/00001437_024.png").string());
  EXPECT_EQ(img.metadata.fileFormat, "PNG");
  ASSERT_EQ(img.width, 1024);
  ASSERT_EQ(img.height, 1024);
  ASSERT_EQ(img.grey8.size(), 1024u * 1024u);
  // Stored as RGB with R = G = B: the grey rendering equals the stored 8-bit values.
  for (size_t i = 0; i < img.grey8.size(); i += 997) EXPECT_EQ(float(img.grey8[i]), img.pixels[i]);

  format::CheXmaskCsvReader reader(test::sharedData("chexmask/ChestX-Ray8.csv").string());
  format::CheXmaskRow row;
  bool found = false;
  while (!found && reader.next(row)) found = row.imageId == "00001437_024.png";
  ASSERT_TRUE(found);
  const double rl = test::meanInside(img.grey8, row.mask(format::Organ::RightLung));
  const double ll = test::meanInside(img.grey8, row.mask(format::Organ::LeftLung));
  const double heart = test::meanInside(img.grey8, row.mask(format::Organ::Heart));
  EXPECT_LT(ll + 40, heart);
  EXPECT_LT(ll + 40, rl);  // the opacified right lung is bright, as on the radiograph
  // The landmarks outline the same lungs as the released masks on this image.
  const format::Mask drawn = format::Rasterizer::organMask(row.landmarks, format::Organ::RightLung, 1024, 1024);
  EXPECT_NEAR(test::meanInside(img.grey8, drawn), rl, 2.0);
}

TEST(ImageLoaderTest, GreyJpegLoadsWithGeometryAndDemoLandmarksOnDarkLungs) {
  CXR_REQUIRE_SHARED("images/wikimedia_cc0_pa_chest.jpg");
  const std::string dir = "images/wikimedia_cc0_hybridgnet_demo_output/";
  CXR_REQUIRE_SHARED(dir + "RL_landmarks.txt");
  const LoadedImage img = ImageLoader::load(test::sharedData("images/wikimedia_cc0_pa_chest.jpg").string());
  EXPECT_EQ(img.metadata.fileFormat, "JPEG");
  EXPECT_EQ(img.width, 786);
  EXPECT_EQ(img.height, 899);
  const auto rl = test::readPointLines(test::sharedData(dir + "RL_landmarks.txt").string());
  const auto heart = test::readPointLines(test::sharedData(dir + "H_landmarks.txt").string());
  ASSERT_EQ(rl.size(), 44u);
  ASSERT_EQ(heart.size(), 26u);
  const double lung = test::meanInside(img.grey8, format::Rasterizer::fillPolygon(rl, img.height, img.width));
  const double h = test::meanInside(img.grey8, format::Rasterizer::fillPolygon(heart, img.height, img.width));
  EXPECT_LT(lung + 30, h);
}

TEST(ImageLoaderTest, JpegBaselineDicomLoadsWithMetadataAndPolarity) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  const LoadedImage img = ImageLoader::load(test::sharedData("dicom/siim_cr_jpeg_baseline.dcm").string());
  const ImageMetadata& m = img.metadata;
  EXPECT_EQ(m.fileFormat, "DICOM");
  EXPECT_EQ(m.transferSyntaxUid, "1.2.840.10008.1.2.4.50");
  EXPECT_EQ(m.photometricInterpretation, "MONOCHROME2");
  EXPECT_EQ(m.modality, "CR");
  EXPECT_EQ(img.width, 1024);
  EXPECT_EQ(img.height, 1024);
  EXPECT_EQ(m.bitsStored, 8);
  EXPECT_NEAR(m.pixelSpacingRow, 0.168, 1e-9);
  EXPECT_FALSE(m.sopInstanceUid.empty());
  EXPECT_FALSE(m.studyInstanceUid.empty());
  EXPECT_FALSE(img.monochrome1);
  expectLungsDarkerThanMediastinum(img, 25.0);
}

TEST(ImageLoaderTest, ImplicitLittleEndianDxDicomLoadsWithPolarity) {
  CXR_REQUIRE_SHARED("dicom/nih_00000002_000_dx.dcm");
  const LoadedImage img = ImageLoader::load(test::sharedData("dicom/nih_00000002_000_dx.dcm").string());
  EXPECT_EQ(img.metadata.transferSyntaxUid, "1.2.840.10008.1.2");
  EXPECT_EQ(img.metadata.modality, "DX");
  EXPECT_EQ(img.width, 1024);
  EXPECT_EQ(img.height, 1024);
  expectLungsDarkerThanMediastinum(img, 25.0);
}

class ImageLoaderBadFileTest : public ::testing::Test {
 protected:
  void SetUp() override { m_dir = test::makeTempDir("image-bad"); }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::string path(const std::string& name) const { return (m_dir / name).string(); }
  std::filesystem::path m_dir;
};

TEST_F(ImageLoaderBadFileTest, MissingEmptyAndNonImageFilesAreNamedErrors) {
  expectLoadError(path("missing.png"), "file not found");
  test::writeFile(path("empty.dcm"), "");
  expectLoadError(path("empty.dcm"), "empty");
  test::writeFile(path("notes.png"), "this is a text file, not an image at all\n");
  expectLoadError(path("notes.png"), "not a recognised image");
}

TEST_F(ImageLoaderBadFileTest, TruncatedPngAndDicomAreNamedErrors) {
  SyntheticOptions small;
  small.width = small.height = 256;
  const SyntheticCase image = SyntheticRadiograph::generate(7, small);
  SyntheticRadiograph::writePng(image, path("full.png"));
  SyntheticRadiograph::writeDicom(image, path("full.dcm"), false);
  for (const std::string name : {"full.png", "full.dcm"}) {
    const std::string bytes = test::readFile(path(name));
    test::writeFile(path("cut_" + name), bytes.substr(0, bytes.size() / 2));
    EXPECT_THROW(ImageLoader::load(path("cut_" + name)), ImageError) << name;
    try {
      ImageLoader::load(path("cut_" + name));
    } catch (const ImageError& e) {
      EXPECT_NE(std::string(e.what()).find(path("cut_" + name)), std::string::npos) << e.what();
    }
  }
}

TEST_F(ImageLoaderBadFileTest, TruncatedJpegIsAnError) {
  CXR_REQUIRE_SHARED("images/wikimedia_cc0_pa_chest.jpg");
  const std::string bytes = test::readFile(test::sharedData("images/wikimedia_cc0_pa_chest.jpg").string());
  test::writeFile(path("cut.jpg"), bytes.substr(0, bytes.size() / 2));
  expectLoadError(path("cut.jpg"), "truncated");
}

TEST_F(ImageLoaderBadFileTest, HugeDicomHeaderIsRefusedBeforeAllocating) {
  test::writeFile(path("huge.dcm"), test::handMadeDicom("1.2.840.10008.1.2.1", 30000, 30000,
                                                        std::string(16, '\0'), false));
  expectLoadError(path("huge.dcm"), "30000 x 30000 exceeds the limit");
}

TEST_F(ImageLoaderBadFileTest, ShortPixelDataIsReportedAsTruncated) {
  test::writeFile(path("short.dcm"), test::handMadeDicom("1.2.840.10008.1.2.1", 64, 64,
                                                         std::string(100, '\x40'), false));
  expectLoadError(path("short.dcm"), "truncated");
}

TEST_F(ImageLoaderBadFileTest, Jpeg2000TransferSyntaxIsNamedInTheError) {
  test::writeFile(path("j2k.dcm"), test::handMadeDicom("1.2.840.10008.1.2.4.90", 16, 16,
                                                       std::string(40, '\x11'), true));
  expectLoadError(path("j2k.dcm"), "1.2.840.10008.1.2.4.90");
  expectLoadError(path("j2k.dcm"), "JPEG 2000");
}

TEST_F(ImageLoaderBadFileTest, HugeOrCorruptPngHeaderIsRefusedWithoutCrashing) {
  SyntheticOptions small;
  small.width = small.height = 64;
  SyntheticRadiograph::writePng(SyntheticRadiograph::generate(3, small), path("small.png"));
  std::string bytes = test::readFile(path("small.png"));
  // IHDR width and height (big-endian at offsets 16 and 20) rewritten to 30000; the CRC no longer
  // matches, which either check may report, but nothing may be allocated or crash.
  for (int offset : {16, 20}) {
    bytes[size_t(offset)] = 0;
    bytes[size_t(offset) + 1] = 0;
    bytes[size_t(offset) + 2] = char(30000 >> 8);
    bytes[size_t(offset) + 3] = char(30000 & 0xFF);
  }
  test::writeFile(path("huge.png"), bytes);
  expectLoadError(path("huge.png"), "bad CRC");
  // With a correct CRC the size guard answers before ITK or libpng allocate anything.
  const uint32_t crc = uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data() + 12), 17));
  for (int i = 0; i < 4; ++i) bytes[size_t(29 + i)] = char((crc >> (24 - 8 * i)) & 0xFF);
  test::writeFile(path("huge_valid_crc.png"), bytes);
  expectLoadError(path("huge_valid_crc.png"), "30000 x 30000 exceeds the limit");
}

TEST(ImageLoaderThreadTest, ConcurrentLoadsOfCompressedDicomAndPngAgree) {
  // The engine loads on a thread pool: codec registration and decoding must be thread-safe.
  const auto dir = test::makeTempDir("image-threads");
  SyntheticOptions o;
  o.width = o.height = 256;
  const SyntheticCase s = SyntheticRadiograph::generate(9, o);
  const std::string jls = (dir / "s.dcm").string(), rle = (dir / "r.dcm").string(),
                    png = (dir / "s.png").string();
  SyntheticRadiograph::writeDicom(s, jls, false, DicomEncoding::JpegLsLossless);
  SyntheticRadiograph::writeDicom(s, rle, true, DicomEncoding::Rle);
  SyntheticRadiograph::writePng(s, png);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      const std::string& file = t % 3 == 0 ? jls : (t % 3 == 1 ? rle : png);
      for (int i = 0; i < 5; ++i) mismatches[size_t(t)] += ImageLoader::load(file).grey8 != s.grey8;
    });
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[size_t(t)], 0) << "thread " << t;
  std::filesystem::remove_all(dir);
}

TEST(ImageLoaderFormatTest, FormatIsDetectedFromContentNotName) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  const auto dir = test::makeTempDir("image-detect");
  const std::string disguised = (dir / "looks_like.png").string();
  std::filesystem::copy_file(test::sharedData("dicom/siim_cr_jpeg_baseline.dcm"), disguised);
  EXPECT_EQ(ImageLoader::detectFormat(disguised), FileFormat::Dicom);
  EXPECT_EQ(ImageLoader::load(disguised).metadata.fileFormat, "DICOM");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cxr::image
