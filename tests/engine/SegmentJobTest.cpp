#include "core/engine/SegmentJob.h"

#include "core/engine/EngineError.h"
#include "core/engine/FolderImporter.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "tests/engine/EngineTestSupport.h"
#include "tests/engine/FakeStages.h"

#include <gtest/gtest.h>

#include <fstream>
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
