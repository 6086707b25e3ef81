#include "core/engine/BackgroundJob.h"

#include "core/engine/EngineError.h"

namespace cxr::engine {

std::string toString(JobState state) {
  switch (state) {
    case JobState::NotStarted: return "not started";
    case JobState::Running: return "running";
    case JobState::Cancelling: return "cancelling";
    case JobState::Finished: return "finished";
    case JobState::Cancelled: return "cancelled";
    case JobState::Failed: return "failed";
  }
  return "unknown";
}

/// Forwards the run's reports to the callbacks and keeps the latest progress for polling.
class BackgroundJob::Sink : public ProgressSink {
 public:
  explicit Sink(BackgroundJob& job) : m_job(job) {}

  void onProgress(const ProgressInfo& info) override {
    {
      std::lock_guard<std::mutex> lock(m_job.m_mutex);
      m_job.m_progress = info;
    }
    if (m_job.m_callbacks.progress) m_job.m_callbacks.progress(info);
  }
  void onMessage(MessageLevel level, const std::string& text) override {
    if (m_job.m_callbacks.message) m_job.m_callbacks.message(level, text);
  }
  void onImageFailed(const std::string& key, const std::string& error) override {
    if (m_job.m_reportImageFailures && m_job.m_callbacks.message)
      m_job.m_callbacks.message(MessageLevel::Warning, key + ": " + error);
  }

 private:
  BackgroundJob& m_job;
};

BackgroundJob::BackgroundJob(std::string what, BackgroundSegmentationCallbacks callbacks, bool reportImageFailures)
    : m_what(std::move(what)), m_callbacks(std::move(callbacks)), m_reportImageFailures(reportImageFailures) {}

BackgroundJob::~BackgroundJob() { stop(); }

void BackgroundJob::stop() {
  cancel();
  wait();
}

void BackgroundJob::start() {
  std::lock_guard<std::mutex> joinLock(m_joinMutex);
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_state != JobState::NotStarted) throw EngineError(m_what + " was already started");
    m_state = m_cancel.isCancelled() ? JobState::Cancelling : JobState::Running;
  }
  m_thread = std::thread([this] { runJob(); });
}

void BackgroundJob::cancel() {
  m_cancel.cancel();
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_state == JobState::Running) m_state = JobState::Cancelling;
}

RunSummary BackgroundJob::wait() {
  {
    std::lock_guard<std::mutex> joinLock(m_joinMutex);
    // A callback calling wait() would join its own thread: the summary is not final yet then.
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id()) m_thread.join();
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_summary;
}

JobState BackgroundJob::state() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_state;
}

std::string BackgroundJob::error() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_error;
}

ProgressInfo BackgroundJob::lastProgress() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_progress;
}

void BackgroundJob::runJob() {
  Sink sink(*this);
  try {
    const RunSummary summary = execute(sink);
    finish(summary, summary.cancelled ? JobState::Cancelled : JobState::Finished, "");
  } catch (const std::exception& e) {
    finish(RunSummary{}, JobState::Failed, e.what());
  } catch (...) {
    finish(RunSummary{}, JobState::Failed, m_what + " failed: unknown error");
  }
}

void BackgroundJob::finish(const RunSummary& summary, JobState state, const std::string& error) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_summary = summary;
    m_state = state;
    m_error = error;
  }
  if (!m_callbacks.finished) return;
  try {
    m_callbacks.finished(summary, state, error);
  } catch (const std::exception& e) {
    // Nothing above the job thread could catch it: keep it where error() shows it.
    std::lock_guard<std::mutex> lock(m_mutex);
    m_error += (m_error.empty() ? "" : "; ") + std::string("the finished callback threw: ") + e.what();
  } catch (...) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_error += (m_error.empty() ? "" : "; ") + std::string("the finished callback threw");
  }
}

}  // namespace cxr::engine
