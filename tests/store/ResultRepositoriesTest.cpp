// RcaRepository, ComparisonRepository and ImageErrorRepository: the derived results of a version.
#include "core/store/ComparisonRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace cxr::store;
using namespace cxr::store::test;

namespace {

struct TwoVersions {
  TempDir dir{"results"};
  ReviewStore store{dir.file("r.db")};
  RowId image = 0, a = 0, b = 0;
  TwoVersions() {
    image = addImageByKey(store, "case");
    a = store.versions().addVersion(ringVersion(image, "chexmask", VersionSource::CsvImport));
    b = store.versions().addVersion(ringVersion(image, "julia", VersionSource::ReaderCorrection, 4));
  }
};

}  // namespace

TEST(RcaRepositoryTest, KeepsParametersAndPerReferenceScores) {
  TwoVersions f;
  const RcaResultInfo info{f.a, R"({"k":5,"resolution":256})", "[0.81,0.9]", 0.855, 0.9};
  const RowId id = f.store.rca().addResult(info);
  EXPECT_EQ(f.store.rca().addResult(info), id);  // same parameters and scores: stored once
  const auto latest = f.store.rca().latestForVersion(f.a);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->info.parametersJson, info.parametersJson);
  EXPECT_EQ(latest->info.max, 0.9);
  EXPECT_FALSE(f.store.rca().latestForVersion(f.b).has_value());
  EXPECT_THROW(f.store.rca().addResult({f.a, "{}", "[]", std::nan(""), 1.0}), StoreError);
}

TEST(ComparisonRepositoryTest, MissingHausdorffRoundTripsAsNaN) {
  TwoVersions f;
  ComparisonInfo c{f.a, f.b, 0.97, 0.0, 0.485, 3.0, std::nan(""), 2.0, std::nan(""), 12.5};
  const RowId id = f.store.comparisons().addComparison(c);
  EXPECT_EQ(f.store.comparisons().addComparison(c), id);
  const auto stored = f.store.comparisons().find(f.a, f.b);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->info.diceGT, 0.485);
  EXPECT_EQ(stored->info.hausdorffLungs, 3.0);
  EXPECT_TRUE(std::isnan(stored->info.hausdorffHeart));
  EXPECT_TRUE(std::isnan(stored->info.hausdorff95Heart));
  EXPECT_EQ(f.store.comparisons().forVersion(f.b).size(), 1u);
}

TEST(ImageErrorRepositoryTest, SameFailureIsRecordedOnce) {
  TwoVersions f;
  ImageErrorInfo e;
  e.filePath = "/data/broken.dcm";
  e.stage = "decode";
  e.message = "truncated pixel data";
  const RowId id = f.store.imageErrors().record(e);
  EXPECT_EQ(f.store.imageErrors().record(e), id);
  e.imageId = f.image;
  e.stage = "inference";
  f.store.imageErrors().record(e);
  const auto all = f.store.imageErrors().list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].info.message, "truncated pixel data");
  EXPECT_EQ(all[1].info.imageId, f.image);
}
