#include "core/engine/ProgressTracker.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace cxr::engine;

namespace {
struct RecordingSink : ProgressSink {
  std::vector<ProgressInfo> reports;
  void onProgress(const ProgressInfo& info) override { reports.push_back(info); }
  void onMessage(MessageLevel, const std::string&) override {}
};
}  // namespace

TEST(ProgressTrackerTest, ThrottlesReportsButAlwaysSendsTheFinalOne) {
  RecordingSink sink;
  ProgressTracker tracker(&sink, 100, std::chrono::hours(1));
  for (int i = 0; i < 10; ++i) tracker.add(1, i == 3 ? 1 : 0);
  EXPECT_TRUE(sink.reports.empty());
  tracker.finish();
  ASSERT_EQ(sink.reports.size(), 1u);
  EXPECT_TRUE(sink.reports[0].finished);
  EXPECT_EQ(sink.reports[0].done, 10);
  EXPECT_EQ(sink.reports[0].failed, 1);
  EXPECT_EQ(sink.reports[0].total, 100);
}

TEST(ProgressTrackerTest, RateAndEtaFollowTheCounts) {
  RecordingSink sink;
  ProgressTracker tracker(&sink, 40, std::chrono::milliseconds(0));
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    tracker.add(5, 0);
  }
  ASSERT_EQ(sink.reports.size(), 4u);
  const ProgressInfo& last = sink.reports.back();
  EXPECT_EQ(last.done, 20);
  EXPECT_GT(last.imagesPerSecond, 0.0);
  // ETA is the remaining work at the measured rate.
  EXPECT_NEAR(last.etaSeconds, 20.0 / last.imagesPerSecond, 1e-9);
  EXPECT_GE(last.elapsedSeconds, 0.08);
}

TEST(ProgressTrackerTest, EtaIsUnknownBeforeAnythingIsDone) {
  ProgressTracker tracker(nullptr, 10, std::chrono::milliseconds(0));
  tracker.add(0, 0);
  EXPECT_EQ(tracker.snapshot().etaSeconds, -1.0);
}
