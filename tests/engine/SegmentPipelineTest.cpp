#include "core/engine/SegmentPipeline.h"

#include "core/engine/EngineError.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "tests/engine/FakeStages.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace cxr::engine;
using namespace cxr::engine::test;
namespace fmt = cxr::format;

namespace {

struct RecordingSink : ProgressSink {
  std::mutex mutex;
  std::vector<ProgressInfo> reports;
  std::vector<std::string> failures;
  void onProgress(const ProgressInfo& info) override {
    std::lock_guard<std::mutex> lock(mutex);
    reports.push_back(info);
  }
  void onMessage(MessageLevel, const std::string&) override {}
  void onImageFailed(const std::string& key, const std::string&) override {
    std::lock_guard<std::mutex> lock(mutex);
    failures.push_back(key);
  }
};

PipelineOptions options(int workers, int batch) {
  PipelineOptions o;
  o.workers = workers;
  o.batchSize = batch;
  o.progressInterval = std::chrono::milliseconds(0);
  return o;
}

}  // namespace

TEST(SegmentPipelineTest, StoresEveryImageExactlyOnceWithBackProjectedMasks) {
  FakePreparer preparer;
  FakeSegmenter segmenter(64);
  MemoryResultWriter writer;
  RecordingSink sink;
  const auto items = makeItems(50);
  const RunSummary summary =
      SegmentPipeline(preparer, segmenter, writer, options(2, 4)).run(items, sink, CancellationToken());
  EXPECT_EQ(summary.total, 50);
  EXPECT_EQ(summary.succeeded, 50);
  EXPECT_EQ(summary.failed, 0);
  EXPECT_EQ(summary.notProcessed, 0);
  EXPECT_FALSE(summary.cancelled);
  ASSERT_EQ(writer.byKey.size(), 50u);
  for (const WorkItem& item : items) {
    ASSERT_EQ(writer.writesPerKey[item.key], 1) << item.key;
    const ImageOutcome& out = writer.byKey[item.key];
    ASSERT_TRUE(out.ok) << out.error;
    // The expected result, computed stage by stage outside the pipeline.
    const PreparedImage image = preparer.prepare(item, 64);
    const std::vector<float> raw = FakeSegmenter::landmarksFor(image.pixels.data(), 64);
    EXPECT_DOUBLE_EQ(out.modelLandmarks[7].x, double(raw[14]) * 1024.0);
    EXPECT_EQ(out.originalLandmarks, image.toOriginal(out.modelLandmarks));
    EXPECT_EQ(out.height, image.originalHeight);
    EXPECT_EQ(out.width, image.originalWidth);
    for (fmt::Organ organ : fmt::kOrgans) {
      const fmt::Mask mask = fmt::Rle::decode(out.rle[size_t(organ)], out.height, out.width);
      EXPECT_EQ(mask, fmt::Rasterizer::organMask(out.originalLandmarks, organ, out.height, out.width));
      EXPECT_GT(mask.area(), 1000);
    }
    EXPECT_EQ(out.latent.size(), 64u);
  }
  ASSERT_FALSE(sink.reports.empty());
  EXPECT_TRUE(sink.reports.back().finished);
  EXPECT_EQ(sink.reports.back().done, 50);
}

TEST(SegmentPipelineTest, InferenceIsSerialAndBatched) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  NullProgressSink sink;
  SegmentPipeline(preparer, segmenter, writer, options(4, 5)).run(makeItems(23), sink, CancellationToken());
  EXPECT_EQ(segmenter.maxConcurrent.load(), 1);
  EXPECT_EQ(segmenter.maxBatch, 5u);
  EXPECT_EQ(segmenter.calls, 5);  // 5 + 5 + 5 + 5 + 3
  EXPECT_EQ(writer.byKey.size(), 23u);
}

TEST(SegmentPipelineTest, EveryStoreWriteHappensOnOneDedicatedThread) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  NullProgressSink sink;
  PipelineOptions o = options(3, 2);
  o.maxGroupCommit = 3;
  SegmentPipeline(preparer, segmenter, writer, o).run(makeItems(40), sink, CancellationToken());
  const std::set<std::thread::id> threads(writer.threads.begin(), writer.threads.end());
  EXPECT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
  for (size_t group : writer.groupSizes) EXPECT_LE(group, 3u);
}

TEST(SegmentPipelineTest, DecodeFailuresAreRecordedAndTheRunGoesOn) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  RecordingSink sink;
  auto items = makeItems(20);
  items[3].key = "corrupt_a.png", items[3].path = "/data/corrupt_a.png";
  items[11].key = "corrupt_b.png", items[11].path = "/data/corrupt_b.png";
  const RunSummary summary =
      SegmentPipeline(preparer, segmenter, writer, options(2, 4)).run(items, sink, CancellationToken());
  EXPECT_EQ(summary.succeeded, 18);
  EXPECT_EQ(summary.failed, 2);
  EXPECT_FALSE(writer.byKey["corrupt_a.png"].ok);
  EXPECT_NE(writer.byKey["corrupt_a.png"].error.find("/data/corrupt_a.png"), std::string::npos);
  EXPECT_TRUE(writer.byKey[items[4].key].ok);
  EXPECT_EQ(std::set<std::string>(sink.failures.begin(), sink.failures.end()),
            (std::set<std::string>{"corrupt_a.png", "corrupt_b.png"}));
  EXPECT_EQ(sink.reports.back().failed, 2);
}

TEST(SegmentPipelineTest, ImageThatBreaksItsBatchIsIsolatedAndBatchMatesSucceed) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  NullProgressSink sink;
  segmenter.rejectPoisoned = true;
  auto items = makeItems(8);
  items[2].key = "poison.png";
  const RunSummary summary =
      SegmentPipeline(preparer, segmenter, writer, options(2, 4)).run(items, sink, CancellationToken());
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.succeeded, 7);
  EXPECT_NE(writer.byKey["poison.png"].error.find("inference failed"), std::string::npos);
  for (int i : {0, 1, 3}) EXPECT_TRUE(writer.byKey[items[size_t(i)].key].ok) << i;
}

TEST(SegmentPipelineTest, CancellationStopsWithinASecondAndKeepsFinishedWork) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32, std::chrono::milliseconds(20));
  MemoryResultWriter writer;
  NullProgressSink sink;
  CancellationToken cancel;
  const auto items = makeItems(1000);  // about 20 s of work
  std::chrono::steady_clock::time_point cancelledAt;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancelledAt = std::chrono::steady_clock::now();
    cancel.cancel();
  });
  const RunSummary summary = SegmentPipeline(preparer, segmenter, writer, options(2, 4)).run(items, sink, cancel);
  const auto returnedAt = std::chrono::steady_clock::now();
  canceller.join();
  EXPECT_TRUE(summary.cancelled);
  EXPECT_LT(std::chrono::duration<double>(returnedAt - cancelledAt).count(), 1.0);
  EXPECT_GT(summary.succeeded, 0);
  EXPECT_GT(summary.notProcessed, 900);
  EXPECT_EQ(summary.succeeded + summary.failed + summary.notProcessed, 1000);
  EXPECT_EQ(int64_t(writer.byKey.size()), summary.succeeded);
  for (const auto& [key, count] : writer.writesPerKey) EXPECT_EQ(count, 1) << key;
}

TEST(SegmentPipelineTest, StoreFailureStopsTheRunAndIsRethrown) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32, std::chrono::milliseconds(2));
  MemoryResultWriter writer;
  writer.failOnCall = 2;
  NullProgressSink sink;
  PipelineOptions o = options(2, 2);
  o.maxGroupCommit = 1;
  SegmentPipeline pipeline(preparer, segmenter, writer, o);
  EXPECT_THROW(
      {
        try {
          pipeline.run(makeItems(500), sink, CancellationToken());
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "fake store: disk full");
          throw;
        }
      },
      std::runtime_error);
  // It stopped early instead of computing all 500 images for nothing.
  EXPECT_LT(preparer.calls.load(), 100);
}

TEST(SegmentPipelineTest, EmptyWorkListFinishesImmediately) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  RecordingSink sink;
  const RunSummary summary =
      SegmentPipeline(preparer, segmenter, writer, options(2, 4)).run({}, sink, CancellationToken());
  EXPECT_EQ(summary.total, 0);
  EXPECT_EQ(segmenter.calls, 0);
  ASSERT_EQ(sink.reports.size(), 1u);
  EXPECT_TRUE(sink.reports[0].finished);
}

TEST(SegmentPipelineTest, RejectsBadOptions) {
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  EXPECT_THROW(SegmentPipeline(preparer, segmenter, writer, options(2, 0)), EngineError);
  EXPECT_THROW(SegmentPipeline(preparer, segmenter, writer, options(-1, 4)), EngineError);
}
