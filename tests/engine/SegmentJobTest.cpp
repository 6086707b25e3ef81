#include "core/engine/SegmentJob.h"

#include "core/engine/EngineError.h"
#include "core/engine/FolderImporter.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/engine/EngineTestSupport.h"
#include "tests/engine/FakeStages.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

using namespace cxr::engine;
using namespace cxr::engine::test;
namespace fs = std::filesystem;
namespace store = cxr::store;

namespace {

constexpr int kInput = 64;

/// 200 synthetic radiographs imported into base.db once for the whole suite.
class SegmentJobTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = cxr::test::makeTempDir("segment-job");
    writeSyntheticFolder(s_dir / "images", 200);
    store::ReviewStore base((s_dir / "base.db").string());
    NullProgressSink sink;
    const FolderImportResult imported =
        FolderImporter(base).importFolder((s_dir / "images").string(), {}, sink, CancellationToken());
    ASSERT_EQ(imported.imported, 200);
  }
  static void TearDownTestSuite() { fs::remove_all(s_dir); }

  /// A copy of the imported database beside it (image paths are relative to its folder).
  static fs::path copyOfBase(const std::string& name) {
    const fs::path target = s_dir / name;
    fs::remove(target);
    fs::copy_file(s_dir / "base.db", target);
    return target;
  }

  static RunSummary segment(const fs::path& db, ShardSpec shard, const CancellationToken& cancel = {},
                            std::chrono::microseconds delay = std::chrono::microseconds(0)) {
    store::ReviewStore store(db.string());
    SegmentJobOptions options;
    options.shard = shard;
    options.pipeline.workers = 2;
    options.pipeline.batchSize = 4;
    ImageFilePreparer preparer;
    FakeSegmenter segmenter(kInput, delay);
    NullProgressSink sink;
    return SegmentJob(store, fakeModelInfo(kInput), options).run(preparer, segmenter, sink, cancel);
  }

  static inline fs::path s_dir;
};

}  // namespace

TEST_F(SegmentJobTest, FourShardsMergedGiveTheSameDatabaseAsOneUnshardedRun) {
  const fs::path whole = copyOfBase("whole.db");
  const RunSummary all = segment(whole, ShardSpec());
  EXPECT_EQ(all.succeeded, 200);

  const fs::path merged = copyOfBase("merged.db");
  int64_t shardTotal = 0;
  for (int i = 0; i < 4; ++i) {
    const fs::path shard = copyOfBase("shard" + std::to_string(i) + ".db");
    const RunSummary part = segment(shard, ShardSpec(i, 4));
    EXPECT_EQ(part.failed, 0);
    EXPECT_GT(part.succeeded, 25) << "shard " << i << " is badly unbalanced";
    shardTotal += part.succeeded;
    store::ReviewStore target(merged.string());
    target.mergeFrom(shard.string());
  }
  EXPECT_EQ(shardTotal, 200);  // disjoint and complete

  store::ReviewStore a(whole.string());
  store::ReviewStore b(merged.string());
  const auto wholeContent = canonicalContent(a);
  const auto mergedContent = canonicalContent(b);
  EXPECT_EQ(std::count_if(wholeContent.begin(), wholeContent.end(),
                          [](const std::string& l) { return l.rfind("version ", 0) == 0; }),
            200);
  EXPECT_EQ(wholeContent, mergedContent);

  // Merging the shards again changes nothing (idempotent).
  for (int i = 0; i < 4; ++i) b.mergeFrom((s_dir / ("shard" + std::to_string(i) + ".db")).string());
  EXPECT_EQ(canonicalContent(b), wholeContent);
  EXPECT_TRUE(b.integrityCheck().empty());
}

TEST_F(SegmentJobTest, CancelledRunResumesWithoutRedoingFinishedImages) {
  const fs::path db = copyOfBase("resume.db");
  CancellationToken cancel;
  std::thread canceller([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    cancel.cancel();
  });
  const RunSummary first = segment(db, ShardSpec(), cancel, std::chrono::milliseconds(10));
  canceller.join();
  ASSERT_TRUE(first.cancelled);
  ASSERT_GT(first.succeeded, 0);
  ASSERT_GT(first.notProcessed, 0);

  {
    store::ReviewStore store(db.string());
    SegmentJob job(store, fakeModelInfo(kInput), {});
    EXPECT_EQ(int64_t(job.pendingWork().size()), 200 - first.succeeded);
  }
  const RunSummary second = segment(db, ShardSpec());
  EXPECT_EQ(second.total, 200 - first.succeeded);
  EXPECT_EQ(second.succeeded, second.total);
  store::ReviewStore store(db.string());
  for (const auto& [key, n] : modelVersionsPerImage(store, "fake-ring-model")) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(segment(db, ShardSpec()).total, 0);  // nothing left
}

TEST_F(SegmentJobTest, UnreadableImageIsRecordedAsErrorAndOthersAreStored) {
  const fs::path db = copyOfBase("errors.db");
  // Damage one file after import: the run must record it and go on.
  const fs::path damaged = s_dir / "damaged";
  fs::create_directories(damaged);
  writeSyntheticFolder(damaged, 3, 1000);
  {
    store::ReviewStore store(db.string());
    NullProgressSink sink;
    FolderImportOptions options;
    options.dataset = "damaged";
    FolderImporter(store).importFolder(damaged.string(), options, sink, CancellationToken());
  }
  const fs::path victim = damaged / "b" / "case_1001.png";
  ASSERT_TRUE(fs::exists(victim));
  std::ofstream(victim, std::ios::trunc) << "not a png any more";

  store::ReviewStore store(db.string());
  SegmentJobOptions options;
  options.dataset = "damaged";
  ImageFilePreparer preparer;
  FakeSegmenter segmenter(kInput);
  NullProgressSink sink;
  const RunSummary summary =
      SegmentJob(store, fakeModelInfo(kInput), options).run(preparer, segmenter, sink, CancellationToken());
  EXPECT_EQ(summary.succeeded, 2);
  EXPECT_EQ(summary.failed, 1);
  const auto errors = store.imageErrors().list();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].info.stage, "decode");
  EXPECT_NE(errors[0].info.filePath.find("case_1001.png"), std::string::npos);
  EXPECT_NE(errors[0].info.message.find("case_1001.png"), std::string::npos);
}

TEST_F(SegmentJobTest, UnknownDatasetIsAClearError) {
  store::ReviewStore store(copyOfBase("unknown.db").string());
  SegmentJobOptions options;
  options.dataset = "no-such-dataset";
  ImageFilePreparer preparer;
  FakeSegmenter segmenter(kInput);
  NullProgressSink sink;
  try {
    SegmentJob(store, fakeModelInfo(kInput), options).run(preparer, segmenter, sink, CancellationToken());
    FAIL();
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-dataset"), std::string::npos);
  }
}

TEST_F(SegmentJobTest, SelectionSegmentsExactlyTheChosenImagesEvenOutsideAnyDataset) {
  const fs::path db = copyOfBase("selection.db");
  store::ReviewStore store(db.string());
  const auto all = store.images().imagesOfDataset(store.datasets().list().front().id);
  // An image registered on its own, member of no dataset.
  const std::vector<std::string> loose = writeSyntheticFolder(s_dir / "loose", 1, 5000);
  store::ImageRegistration registration;
  registration.image.filePath = loose.front();
  registration.fallbackKey = "loose:case_5000";
  const store::RowId outside = store.images().registerImage(registration);

  SegmentJobOptions options;
  options.imageIds = {all[150].id, outside, all[3].id, all[150].id};  // a duplicate is done once
  ImageFilePreparer preparer;
  FakeSegmenter segmenter(kInput);
  NullProgressSink sink;
  SegmentJob job(store, fakeModelInfo(kInput), options);
  const std::vector<WorkItem> work = job.pendingWork();
  ASSERT_EQ(work.size(), 3u);
  EXPECT_EQ(work[0].imageId, all[150].id);  // in the selection's order
  EXPECT_EQ(work[1].imageId, outside);
  const RunSummary summary = job.run(preparer, segmenter, sink, CancellationToken());
  EXPECT_EQ(summary.succeeded, 3);
  const store::RowId modelId = store.models().findByName("fake-ring-model")->id;
  std::set<store::RowId> segmented;
  for (const auto& image : all)
    if (store.versions().hasVersionFromModel(image.id, modelId)) segmented.insert(image.id);
  EXPECT_EQ(segmented, (std::set<store::RowId>{all[3].id, all[150].id}));
  EXPECT_TRUE(store.versions().hasVersionFromModel(outside, modelId));
}

TEST_F(SegmentJobTest, SelectionSkipsImagesAlreadySegmentedUnlessResegmentIsSet) {
  const fs::path db = copyOfBase("resegment.db");
  store::ReviewStore store(db.string());
  const auto all = store.images().imagesOfDataset(store.datasets().list().front().id);
  SegmentJobOptions options;
  options.imageIds = {all[0].id, all[1].id};
  ImageFilePreparer preparer;
  FakeSegmenter segmenter(kInput);
  NullProgressSink sink;
  EXPECT_EQ(SegmentJob(store, fakeModelInfo(kInput), options).run(preparer, segmenter, sink, {}).succeeded, 2);
  options.imageIds = {all[0].id, all[1].id, all[2].id};
  EXPECT_EQ(SegmentJob(store, fakeModelInfo(kInput), options).pendingWork().size(), 1u);
  options.resegment = true;
  EXPECT_EQ(SegmentJob(store, fakeModelInfo(kInput), options).run(preparer, segmenter, sink, {}).succeeded, 3);
  // The same model on the same pixels gives the same content: no duplicate version is stored.
  for (const auto& [key, n] : modelVersionsPerImage(store, "fake-ring-model"))
    EXPECT_LE(n, 1) << key;
}

TEST_F(SegmentJobTest, SelectionWithAnUnknownImageIdIsAClearError) {
  store::ReviewStore store(copyOfBase("unknown-id.db").string());
  SegmentJobOptions options;
  options.imageIds = {987654};
  try {
    SegmentJob(store, fakeModelInfo(kInput), options).pendingWork();
    FAIL();
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("987654"), std::string::npos) << e.what();
  }
}
