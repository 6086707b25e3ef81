#include "core/store/StoreMerger.h"

#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace cxr::store;
using namespace cxr::store::test;

namespace {

/// What a shard of a segment run writes for images [first, last).
void runShard(ReviewStore& store, int first, int last) {
  const RowId ds = store.datasets().ensureDataset({"synthetic", "folder", "/data/synth", "", {}, ""});
  const RowId model = store.models().registerModel({"hybridgnet", "feed", "{}", 1024});
  for (int i = first; i < last; ++i) {
    ImageRegistration reg;
    reg.image.fileSha256 = "hash" + std::to_string(i);
    reg.image.filePath = "/data/synth/img" + std::to_string(i) + ".png";
    const RowId image = store.images().registerImage(reg);
    store.datasets().addImage(ds, image, "img" + std::to_string(i) + ".png", i);
    if (i % 7 == 3) {
      store.imageErrors().record({image, ds, model, reg.image.filePath, "inference", "NaN output"});
      continue;
    }
    NewVersion v;
    v.imageId = image;
    v.source = VersionSource::ModelRun;
    v.modelId = model;
    v.author = "hybridgnet";
    v.latent = {float(i), 1.0f};
    v.data = segmentation(ringLandmarks(i % 5), std::to_string(i + 1) + " 3");
    store.versions().addVersion(v);
  }
}

/// Content of a database independent of row ids: (image key, external id, version hash, pointer).
std::set<std::string> contentOf(ReviewStore& store) {
  std::set<std::string> out;
  const auto ds = store.datasets().findByName("synthetic");
  for (const auto& image : store.images().imagesOfDataset(ds->id)) {
    for (const auto& v : store.versions().history(image.id))
      out.insert(image.imageKey + "|" + store.datasets().externalId(ds->id, image.id) + "|" +
                 v.contentSha256 + "|" + std::to_string(v.latent.size()));
    if (const auto cur = store.versions().current(image.id, "hybridgnet"))
      out.insert("current " + image.imageKey + " " + cur->contentSha256);
  }
  for (const auto& e : store.imageErrors().list()) out.insert("error " + e.info.filePath + e.info.stage);
  return out;
}

}  // namespace

TEST(StoreMergerTest, MergingShardsEqualsOneRunAndRepeatingAddsNothing) {
  TempDir dir("merge");
  ReviewStore single(dir.file("single.db"));
  runShard(single, 0, 40);
  {
    ReviewStore a(dir.file("shard0.db"));
    runShard(a, 0, 15);
    ReviewStore b(dir.file("shard1.db"));
    runShard(b, 15, 40);
    b.reviews().addReview({b.images().findByKey("sha256:hash20")->id, "julia", ReviewStatus::Accepted, "", 4, {}});
  }
  ReviewStore merged(dir.file("merged.db"));
  const MergeStats first = merged.mergeFrom(dir.file("shard0.db"));
  EXPECT_EQ(first.imagesAdded, 15);
  const MergeStats second = merged.mergeFrom(dir.file("shard1.db"));
  EXPECT_EQ(second.imagesAdded, 25);
  EXPECT_EQ(second.reviewsAdded, 1);
  EXPECT_EQ(contentOf(merged), contentOf(single));
  EXPECT_EQ(merged.status().versions, single.status().versions);
  EXPECT_EQ(merged.status().imageErrors, single.status().imageErrors);

  const auto before = merged.status();
  const MergeStats again = merged.mergeFrom(dir.file("shard1.db"));
  EXPECT_EQ(again.imagesAdded, 0);
  EXPECT_EQ(again.versionsAdded, 0);
  EXPECT_EQ(again.versionsExisting, second.versionsAdded);
  EXPECT_EQ(again.reviewsAdded, 0);
  const auto after = merged.status();
  EXPECT_EQ(after.images, before.images);
  EXPECT_EQ(after.versions, before.versions);
  EXPECT_EQ(after.reviews, before.reviews);
  EXPECT_EQ(after.auditEntries, before.auditEntries);
  EXPECT_TRUE(merged.integrityCheck().empty());
  // Resumability survives the merge: the failed images are still to do.
  const auto model = merged.models().findByName("hybridgnet");
  EXPECT_EQ(merged.images().imagesWithoutVersionFromModel(merged.datasets().findByName("synthetic")->id, model->id).size(),
            6u);
}

TEST(StoreMergerTest, RefusesToMergeAFileIntoItself) {
  TempDir dir("merge-self");
  ReviewStore store(dir.file("a.db"));
  EXPECT_THROW(store.mergeFrom(dir.file("a.db")), StoreError);
  EXPECT_THROW(store.mergeFrom(dir.file("missing.db")), StoreError);
}

TEST(StoreMergerTest, CarriesVersionTimePreprocessingAndKeepsTheSummariesRight) {
  TempDir dir("merge-v3");
  {
    ReviewStore shard(dir.file("shard.db"));
    runShard(shard, 0, 10);
    const RowId image = shard.images().findByKey("sha256:hash4")->id;
    const auto model = shard.versions().current(image, "hybridgnet");
    NewVersion fix;
    fix.imageId = image;
    fix.source = VersionSource::ReaderCorrection;
    fix.parentId = model->id;
    fix.author = "julia";
    fix.timeSpentSeconds = 12.25;
    fix.data = segmentation(ringLandmarks(2), "9 9");
    shard.versions().addVersion(fix);
    shard.reviews().addReview({image, "julia", ReviewStatus::Corrected, "", 3.5, {}});
    shard.preprocess().put(image, PreprocessGeometry{1024, 900, 800, 0, 10, 0, 0, 55, 0, 890});
  }
  ReviewStore merged(dir.file("merged.db"));
  runShard(merged, 5, 12);  // overlapping images already present
  const MergeStats stats = merged.mergeFrom(dir.file("shard.db"));
  EXPECT_EQ(stats.preprocessRecordsAdded, 1);
  const RowId image = merged.images().findByKey("sha256:hash4")->id;
  const auto julia = merged.versions().current(image, "julia");
  ASSERT_TRUE(julia.has_value());
  EXPECT_EQ(julia->timeSpentSeconds, 12.25);
  EXPECT_EQ(merged.preprocess().find(image),
            (PreprocessGeometry{1024, 900, 800, 0, 10, 0, 0, 55, 0, 890}));
  const auto [maintained, rebuilt] = summaryAsMaintainedAndRebuilt(merged);
  EXPECT_EQ(maintained, rebuilt);
  // julia's time on the image: the version's 12.25 s plus the review's 3.5 s.
  EXPECT_NE(maintained.find("|15.75|"), std::string::npos) << maintained;
}

TEST(StoreMergerTest, ADamagedShardIsRefusedAndTheTargetKeepsItsRows) {
  TempDir dir("merge-damaged");
  {
    ReviewStore shard(dir.file("shard.db"));
    runShard(shard, 0, 300);
  }
  {
    // Damage one page in the middle of the shard.
    const auto size = std::filesystem::file_size(dir.file("shard.db"));
    std::fstream f(dir.file("shard.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    const std::string junk(4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  ReviewStore target(dir.file("target.db"));
  runShard(target, 0, 5);
  EXPECT_THROW(target.mergeFrom(dir.file("shard.db")), StoreError);
  EXPECT_EQ(target.status().images, 5);
  EXPECT_TRUE(target.integrityCheck().empty());
}
