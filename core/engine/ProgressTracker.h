#pragma once

#include "core/engine/ProgressSink.h"

#include <chrono>
#include <deque>
#include <utility>

namespace cxr::engine {

/// Counts committed images and turns the counts into rate and ETA, reporting to a sink at
/// most every `interval`. Used from one thread (the writer), so it needs no locking.
class ProgressTracker {
 public:
  using Clock = std::chrono::steady_clock;

  /// `sink` may be null (no reports).
  ProgressTracker(ProgressSink* sink, int64_t total, std::chrono::milliseconds interval);

  /// Adds committed images; reports when the interval has passed.
  void add(int64_t done, int64_t failed);
  /// Sends the final report (finished = true) regardless of the interval.
  void finish();
  /// The current snapshot.
  ProgressInfo snapshot() const;

 private:
  void sample(Clock::time_point now);

  ProgressSink* m_sink;
  ProgressInfo m_info;
  Clock::time_point m_start;
  Clock::time_point m_lastReport;
  std::chrono::milliseconds m_interval;
  /// (time, done) samples of the last few seconds: the rate follows the current speed
  /// rather than the average since start (which includes model loading and warm-up).
  std::deque<std::pair<Clock::time_point, int64_t>> m_window;
};

}  // namespace cxr::engine
