#include "core/engine/BackgroundSegmentation.h"

#include "core/engine/EngineError.h"
#include "core/engine/FolderImporter.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/engine/EngineTestSupport.h"
#include "tests/engine/FakeStages.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <set>
#include <stdexcept>

using namespace cxr::engine;
using namespace cxr::engine::test;
namespace fs = std::filesystem;
namespace store = cxr::store;

namespace {

constexpr int kInput = 64;

/// Ten synthetic radiographs imported into one database per test.
class BackgroundSegmentationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = cxr::test::makeTempDir("background-seg");
    writeSyntheticFolder(m_dir / "images", 10);
    store::ReviewStore db(dbPath());
    NullProgressSink sink;
    ASSERT_EQ(FolderImporter(db).importFolder((m_dir / "images").string(), {}, sink, CancellationToken()).imported,
              10);
    for (const auto& image : db.images().imagesOfDataset(db.datasets().list().front().id)) m_ids.push_back(image.id);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  std::string dbPath() const { return (m_dir / "review.db").string(); }

  static BackgroundSegmentation::SegmenterFactory fakeModel(std::chrono::microseconds delay = {}) {
    return [delay] { return std::make_unique<FakeSegmenter>(kInput, delay); };
  }

  static SegmentJobOptions selection(std::vector<store::RowId> ids) {
    SegmentJobOptions options;
    options.imageIds = std::move(ids);
    options.pipeline.workers = 2;
    options.pipeline.batchSize = 1;
    options.pipeline.progressInterval = std::chrono::milliseconds(0);
    return options;
  }

  /// Image ids that have a version from the fake model, seen through a fresh connection.
  std::set<store::RowId> segmentedImages() {
    store::ReviewStore db(dbPath());
    std::set<store::RowId> ids;
    const auto model = db.models().findByName(fakeModelInfo(kInput).name);
    if (!model) return ids;
    for (store::RowId id : m_ids)
      if (db.versions().hasVersionFromModel(id, model->id)) ids.insert(id);
    return ids;
  }

  fs::path m_dir;
  std::vector<store::RowId> m_ids;
};

}  // namespace

TEST_F(BackgroundSegmentationTest, SelectionOfThreeImagesGivesVersionsToExactlyThose) {
  const std::vector<store::RowId> chosen = {m_ids[7], m_ids[2], m_ids[4]};
  std::vector<ProgressInfo> reports;
  RunSummary reported;
  JobState reportedState = JobState::NotStarted;
  BackgroundSegmentationCallbacks callbacks;
  callbacks.progress = [&](const ProgressInfo& info) { reports.push_back(info); };
  callbacks.finished = [&](const RunSummary& summary, JobState state, const std::string&) {
    reported = summary, reportedState = state;
  };
  BackgroundSegmentation job(dbPath(), fakeModelInfo(kInput), selection(chosen), fakeModel(),
                             std::make_shared<ImageFilePreparer>(), callbacks);
  EXPECT_EQ(job.state(), JobState::NotStarted);
  job.start();
  const RunSummary summary = job.wait();
  EXPECT_EQ(job.state(), JobState::Finished) << job.error();
  EXPECT_EQ(reportedState, JobState::Finished);
  EXPECT_EQ(summary.succeeded, 3);
  EXPECT_EQ(reported.succeeded, 3);
  EXPECT_EQ(segmentedImages(), std::set<store::RowId>(chosen.begin(), chosen.end()));
  ASSERT_FALSE(reports.empty());
  EXPECT_TRUE(reports.back().finished);
  EXPECT_EQ(job.lastProgress().done, 3);
}

TEST_F(BackgroundSegmentationTest, ImageCallbackComesAfterCommitOnAnotherThread) {
  std::mutex mutex;
  std::vector<std::string> problems;
  std::vector<store::RowId> stored;
  const std::thread::id caller = std::this_thread::get_id();
  BackgroundSegmentationCallbacks callbacks;
  callbacks.imageStored = [&](store::RowId imageId, bool ok, const std::string& error) {
    // A separate reader connection must already see the committed version.
    store::StoreOptions readOnly;
    readOnly.readOnly = true;
    readOnly.checkIntegrity = false;
    store::ReviewStore reader(dbPath(), readOnly);
    const auto current = reader.versions().current(imageId, fakeModelInfo(kInput).name);
    std::lock_guard<std::mutex> lock(mutex);
    if (!ok) problems.push_back("image " + std::to_string(imageId) + " failed: " + error);
    if (!current) problems.push_back("image " + std::to_string(imageId) + " not visible in the callback");
    if (std::this_thread::get_id() == caller) problems.push_back("callback on the caller's thread");
    stored.push_back(imageId);
  };
  BackgroundSegmentation job(dbPath(), fakeModelInfo(kInput), selection({m_ids[0], m_ids[5], m_ids[9]}), fakeModel(),
                             std::make_shared<ImageFilePreparer>(), callbacks);
  job.start();
  job.wait();
  EXPECT_EQ(job.state(), JobState::Finished) << job.error();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(std::set<store::RowId>(stored.begin(), stored.end()),
            (std::set<store::RowId>{m_ids[0], m_ids[5], m_ids[9]}));
  EXPECT_EQ(stored.size(), 3u);
}

TEST_F(BackgroundSegmentationTest, SegmentedImagesGetTheirPreprocessingRecord) {
  BackgroundSegmentation job(dbPath(), fakeModelInfo(kInput), selection({m_ids[1], m_ids[3]}), fakeModel(),
                             std::make_shared<ImageFilePreparer>(), {});
  job.start();
  job.wait();
  ASSERT_EQ(job.state(), JobState::Finished) << job.error();
  store::ReviewStore db(dbPath());
  for (store::RowId id : {m_ids[1], m_ids[3]}) {
    const auto image = db.images().find(id);
    const auto geometry = db.preprocess().find(id);
    ASSERT_TRUE(geometry.has_value()) << "image " << id;
    EXPECT_EQ(geometry->modelSize, 1024);
    EXPECT_EQ(geometry->originalHeight, image->info.height);
    EXPECT_EQ(geometry->originalWidth, image->info.width);
    EXPECT_EQ(geometry->squareSide, std::max(image->info.height, image->info.width));
    EXPECT_EQ(geometry->padTop, (geometry->squareSide - image->info.height) / 2);
    EXPECT_EQ(geometry->padLeft, (geometry->squareSide - image->info.width) / 2);
  }
  EXPECT_FALSE(db.preprocess().find(m_ids[0]).has_value());
}

TEST_F(BackgroundSegmentationTest, CancelMidRunKeepsFinishedImagesAndEndsCancelled) {
  std::atomic<int> storedCount{0};
  BackgroundSegmentation* self = nullptr;
  BackgroundSegmentationCallbacks callbacks;
  callbacks.imageStored = [&](store::RowId, bool, const std::string&) {
    if (++storedCount == 2) self->cancel();  // cancel() is allowed from any thread
  };
  BackgroundSegmentation job(dbPath(), fakeModelInfo(kInput), selection(m_ids),
                             fakeModel(std::chrono::milliseconds(40)), std::make_shared<ImageFilePreparer>(), callbacks);
  self = &job;
  job.start();
  const RunSummary summary = job.wait();
  EXPECT_EQ(job.state(), JobState::Cancelled) << job.error();
  EXPECT_TRUE(summary.cancelled);
  EXPECT_GE(summary.succeeded, 2);
  EXPECT_GT(summary.notProcessed, 0);
  EXPECT_EQ(int64_t(segmentedImages().size()), summary.succeeded);
  EXPECT_EQ(storedCount.load(), summary.succeeded);
}

TEST_F(BackgroundSegmentationTest, FactoryThatThrowsEndsFailedWithItsMessage) {
  std::string reportedError;
  JobState reportedState = JobState::NotStarted;
  BackgroundSegmentationCallbacks callbacks;
  callbacks.finished = [&](const RunSummary&, JobState state, const std::string& error) {
    reportedState = state, reportedError = error;
  };
  auto broken = []() -> std::unique_ptr<Segmenter> {
    throw std::runtime_error("/models/broken.pt: not a TorchScript or state_dict file");
  };
  BackgroundSegmentation job(dbPath(), fakeModelInfo(kInput), selection({m_ids[0]}), broken,
                             std::make_shared<ImageFilePreparer>(), callbacks);
  job.start();
  job.wait();
  EXPECT_EQ(job.state(), JobState::Failed);
  EXPECT_NE(job.error().find("broken.pt"), std::string::npos) << job.error();
  EXPECT_EQ(reportedState, JobState::Failed);
  EXPECT_EQ(reportedError, job.error());
  EXPECT_TRUE(segmentedImages().empty());
}

TEST_F(BackgroundSegmentationTest, MissingDatabaseEndsFailedNamingTheFile) {
  const std::string missing = (m_dir / "no-such.db").string();
  BackgroundSegmentation job(missing, fakeModelInfo(kInput), selection({1}), fakeModel(),
                             std::make_shared<ImageFilePreparer>(), {});
  job.start();
  job.wait();
  EXPECT_EQ(job.state(), JobState::Failed);
  EXPECT_NE(job.error().find("no-such.db"), std::string::npos) << job.error();
  EXPECT_FALSE(fs::exists(missing));
}

TEST_F(BackgroundSegmentationTest, StartingTwiceIsAnErrorAndDestructorJoins) {
  auto job = std::make_unique<BackgroundSegmentation>(dbPath(), fakeModelInfo(kInput), selection(m_ids),
                                                      fakeModel(std::chrono::milliseconds(20)),
                                                      std::make_shared<ImageFilePreparer>(),
                                                      BackgroundSegmentationCallbacks{});
  job->start();
  EXPECT_THROW(job->start(), EngineError);
  job.reset();  // cancels and joins: afterwards the database is consistent and free
  const std::set<store::RowId> done = segmentedImages();
  EXPECT_LT(done.size(), m_ids.size());
}
