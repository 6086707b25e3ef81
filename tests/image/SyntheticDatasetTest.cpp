#include "core/format/CheXmaskCsvReader.h"
#include "core/image/ImageLoader.h"
#include "core/image/SyntheticDataset.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace cxr::image {
namespace {

TEST(SyntheticDatasetTest, WritesImagesAndACheXmaskCsvOfTheirGroundTruth) {
  const auto dir = test::makeTempDir("synth-dataset");
  SyntheticDatasetOptions o;
  o.count = 3;
  o.firstSeed = 100;
  o.image.width = 512;
  o.image.height = 384;
  const auto files = SyntheticDataset::write(dir.string(), o);
  ASSERT_EQ(files.size(), 3u);
  format::CheXmaskCsvReader reader((dir / "ground_truth.csv").string());
  format::CheXmaskRow row;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(reader.next(row));
    EXPECT_EQ(row.imageId, SyntheticDataset::fileName(100 + uint64_t(i), false));
    const SyntheticCase s = SyntheticRadiograph::generate(100 + uint64_t(i), o.image);
    const LoadedImage img = ImageLoader::load(files[size_t(i)]);
    EXPECT_EQ(img.grey8, s.grey8);
    // Model space of a 512 x 384 image: S = 512, pad_top = 64, scale 2.
    for (int k = 0; k < format::kLandmarkCount; ++k) {
      EXPECT_EQ(row.landmarks[k].x, std::round(s.landmarks[k].x * 2.0));
      EXPECT_EQ(row.landmarks[k].y, std::round((s.landmarks[k].y + 64.0) * 2.0));
    }
    EXPECT_GT(row.mask(format::Organ::Heart).area(), 10000);
  }
  EXPECT_FALSE(reader.next(row));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cxr::image
