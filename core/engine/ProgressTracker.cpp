#include "core/engine/ProgressTracker.h"

namespace cxr::engine {

namespace {
constexpr auto kRateWindow = std::chrono::seconds(5);
}

ProgressTracker::ProgressTracker(ProgressSink* sink, int64_t total, std::chrono::milliseconds interval)
    : m_sink(sink), m_start(Clock::now()), m_lastReport(m_start), m_interval(interval) {
  m_info.total = total;
  m_window.emplace_back(m_start, 0);
}

void ProgressTracker::sample(Clock::time_point now) {
  m_window.emplace_back(now, m_info.done);
  while (m_window.size() > 2 && now - m_window.front().first > kRateWindow) m_window.pop_front();
  m_info.elapsedSeconds = std::chrono::duration<double>(now - m_start).count();
  const double span = std::chrono::duration<double>(now - m_window.front().first).count();
  const int64_t count = m_info.done - m_window.front().second;
  m_info.imagesPerSecond = span > 0.0 ? double(count) / span : 0.0;
  const int64_t remaining = m_info.total - m_info.done;
  m_info.etaSeconds = m_info.imagesPerSecond > 0.0 ? double(remaining) / m_info.imagesPerSecond
                                                   : (remaining == 0 ? 0.0 : -1.0);
}

void ProgressTracker::add(int64_t done, int64_t failed) {
  m_info.done += done;
  m_info.failed += failed;
  const auto now = Clock::now();
  if (now - m_lastReport < m_interval) return;
  sample(now);
  m_lastReport = now;
  if (m_sink) m_sink->onProgress(m_info);
}

void ProgressTracker::finish() {
  const auto now = Clock::now();
  sample(now);
  // The final rate is the run's average: the window rate of a short tail is noise.
  if (m_info.elapsedSeconds > 0.0) m_info.imagesPerSecond = double(m_info.done) / m_info.elapsedSeconds;
  m_info.finished = true;
  if (m_sink) m_sink->onProgress(m_info);
}

ProgressInfo ProgressTracker::snapshot() const { return m_info; }

}  // namespace cxr::engine
