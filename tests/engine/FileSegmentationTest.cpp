#include "core/engine/FileSegmentation.h"

#include "tests/engine/FakeStages.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

using namespace cxr::engine;
using namespace cxr::engine::test;

namespace {

/// The fake decode, with the first listed file much slower than the rest, so a pipeline that
/// hands results over in completion order would write it last.
class SlowFirstPreparer : public ImagePreparer {
 public:
  explicit SlowFirstPreparer(std::string slowPath) : m_slowPath(std::move(slowPath)) {}
  PreparedImage prepare(const WorkItem& item, int size) const override {
    if (item.path == m_slowPath) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return m_inner.prepare(item, size);
  }

 private:
  std::string m_slowPath;
  FakePreparer m_inner;
};

std::vector<std::string> paths(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back("/scans/film_" + std::to_string(count - i) + ".png");
  return out;
}

PipelineOptions parallel() {
  PipelineOptions options;
  options.workers = 3;
  options.batchSize = 1;
  return options;
}

}  // namespace

TEST(FileSegmentationTest, WriterReceivesOutcomesInListOrderWhenTheFirstFileIsSlowest) {
  const std::vector<std::string> files = paths(12);
  SlowFirstPreparer preparer(files.front());
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  NullProgressSink sink;
  const RunSummary summary = FileSegmentation(preparer, segmenter, parallel()).run(files, writer, sink);
  EXPECT_EQ(summary.succeeded, 12);
  EXPECT_EQ(writer.order, files);
  for (const std::string& file : files) {
    EXPECT_TRUE(writer.byKey[file].ok) << writer.byKey[file].error;
    EXPECT_EQ(writer.byKey[file].item.path, file);
    EXPECT_EQ(writer.byKey[file].item.imageId, 0);
    ASSERT_TRUE(writer.byKey[file].geometry.has_value());
  }
}

TEST(FileSegmentationTest, UnreadableFileArrivesAsAFailedOutcomeInItsPlace) {
  std::vector<std::string> files = paths(6);
  files[2] = "/scans/corrupt.png";
  SlowFirstPreparer preparer(files.front());
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  NullProgressSink sink;
  const RunSummary summary = FileSegmentation(preparer, segmenter, parallel()).run(files, writer, sink);
  EXPECT_EQ(summary.succeeded, 5);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(writer.order, files);
  EXPECT_FALSE(writer.byKey["/scans/corrupt.png"].ok);
  EXPECT_EQ(writer.byKey["/scans/corrupt.png"].stage, "decode");
  EXPECT_NE(writer.byKey["/scans/corrupt.png"].error.find("/scans/corrupt.png"), std::string::npos);
}

TEST(FileSegmentationTest, WriterFailureStopsTheRunAndIsRethrown) {
  const std::vector<std::string> files = paths(20);
  FakePreparer preparer;
  FakeSegmenter segmenter(32);
  MemoryResultWriter writer;
  writer.failOnCall = 0;
  NullProgressSink sink;
  EXPECT_THROW(FileSegmentation(preparer, segmenter, parallel()).run(files, writer, sink), std::runtime_error);
  EXPECT_TRUE(writer.order.empty());
}
