#include "core/format/Rasterizer.h"
#include "core/image/ImageLoader.h"
#include "core/image/SyntheticRadiograph.h"
#include "tests/common/SharedData.h"
#include "tests/image/ImageTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace cxr::image {
namespace {

using format::Organ;

TEST(SyntheticRadiographTest, SameSeedGivesSameImageAndDifferentSeedsDiffer) {
  SyntheticOptions o;
  o.width = o.height = 256;
  const SyntheticCase a = SyntheticRadiograph::generate(11, o);
  const SyntheticCase b = SyntheticRadiograph::generate(11, o);
  const SyntheticCase c = SyntheticRadiograph::generate(12, o);
  EXPECT_EQ(a.values12, b.values12);
  EXPECT_EQ(a.landmarks, b.landmarks);
  EXPECT_NE(a.values12, c.values12);
  EXPECT_NE(a.landmarks, c.landmarks);
}

TEST(SyntheticRadiographTest, LungsAreDarkAndHeartAndMediastinumBrightAcrossSeeds) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const SyntheticCase s = SyntheticRadiograph::generate(seed);
    ASSERT_EQ(s.grey8.size(), 1024u * 1024u);
    const auto mask = [&](Organ o) { return format::Rasterizer::organMask(s.landmarks, o, 1024, 1024); };
    const double rl = test::meanInside(s.grey8, mask(Organ::RightLung));
    const double ll = test::meanInside(s.grey8, mask(Organ::LeftLung));
    const double heart = test::meanInside(s.grey8, mask(Organ::Heart));
    EXPECT_LT(rl + 50, heart) << seed;
    EXPECT_LT(ll + 50, heart) << seed;
    EXPECT_GT(rl, 25) << seed;  // lungs are dark grey, not clipped black
    // Mediastinum: the column between the medial lung borders, at mid-lung height.
    const double midX = 0.5 * (s.landmarks[30].x + s.landmarks[74].x);
    const double midY = 0.5 * (s.landmarks[0].y + s.landmarks[21].y);
    EXPECT_GT(s.grey8[size_t(midY) * 1024 + size_t(midX)], rl + 50) << seed;
  }
}

TEST(SyntheticRadiographTest, NonSquareImagesScaleLandmarksPerAxis) {
  SyntheticOptions o;
  o.width = 600;
  o.height = 800;
  const SyntheticCase s = SyntheticRadiograph::generate(5, o);
  EXPECT_EQ(s.grey8.size(), 600u * 800u);
  for (int i = 0; i < format::kLandmarkCount; ++i) {
    EXPECT_DOUBLE_EQ(s.landmarks[i].x, s.landmarks1024[i].x * 600.0 / 1024.0);
    EXPECT_DOUBLE_EQ(s.landmarks[i].y, s.landmarks1024[i].y * 800.0 / 1024.0);
  }
  const double rl = test::meanInside(s.grey8, format::Rasterizer::organMask(s.landmarks, Organ::RightLung, 800, 600));
  const double heart = test::meanInside(s.grey8, format::Rasterizer::organMask(s.landmarks, Organ::Heart, 800, 600));
  EXPECT_LT(rl + 50, heart);
}

TEST(SyntheticRadiographTest, PngAndBothDicomPolaritiesLoadToTheSameGrey) {
  SyntheticOptions o;
  o.width = o.height = 320;
  const SyntheticCase s = SyntheticRadiograph::generate(21, o);
  const auto dir = test::makeTempDir("synth-io");
  const std::string png = (dir / "s.png").string(), m1 = (dir / "m1.dcm").string(),
                    m2 = (dir / "m2.dcm").string();
  SyntheticRadiograph::writePng(s, png);
  SyntheticRadiograph::writeDicom(s, m1, true);
  SyntheticRadiograph::writeDicom(s, m2, false, DicomEncoding::JpegLsLossless);
  EXPECT_EQ(ImageLoader::load(png).grey8, s.grey8);
  const LoadedImage mono1 = ImageLoader::load(m1), mono2 = ImageLoader::load(m2);
  EXPECT_TRUE(mono1.monochrome1);
  EXPECT_EQ(mono1.grey8, s.grey8);
  EXPECT_EQ(mono2.grey8, s.grey8);
  EXPECT_EQ(mono2.metadata.sopInstanceUid, SyntheticRadiograph::uidFor(21, 3));
  EXPECT_EQ(mono2.metadata.patientId, "SYNTH-21");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cxr::image
