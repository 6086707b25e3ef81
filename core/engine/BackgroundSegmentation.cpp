#include "core/engine/BackgroundSegmentation.h"

#include "core/engine/EngineError.h"
#include "core/store/ReviewStore.h"

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
class BackgroundSegmentation::Sink : public ProgressSink {
 public:
  explicit Sink(BackgroundSegmentation& job) : m_job(job) {}

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

 private:
  BackgroundSegmentation& m_job;
};

BackgroundSegmentation::BackgroundSegmentation(std::string dbPath, store::ModelInfo model, SegmentJobOptions options,
                                               SegmenterFactory segmenter,
                                               std::shared_ptr<const ImagePreparer> preparer,
                                               BackgroundSegmentationCallbacks callbacks)
    : m_dbPath(std::move(dbPath)),
      m_model(std::move(model)),
      m_options(std::move(options)),
      m_factory(std::move(segmenter)),
      m_preparer(std::move(preparer)),
      m_callbacks(std::move(callbacks)) {
  if (!m_factory) throw EngineError("background segmentation of " + m_dbPath + ": no segmenter factory");
  if (!m_preparer) throw EngineError("background segmentation of " + m_dbPath + ": no image preparer");
}

BackgroundSegmentation::~BackgroundSegmentation() {
  cancel();
  wait();
}

void BackgroundSegmentation::start() {
  std::lock_guard<std::mutex> joinLock(m_joinMutex);
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_state != JobState::NotStarted)
      throw EngineError("background segmentation of " + m_dbPath + " was already started");
    m_state = m_cancel.isCancelled() ? JobState::Cancelling : JobState::Running;
  }
  m_thread = std::thread([this] { runJob(); });
}

void BackgroundSegmentation::cancel() {
  m_cancel.cancel();
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_state == JobState::Running) m_state = JobState::Cancelling;
}

RunSummary BackgroundSegmentation::wait() {
  {
    std::lock_guard<std::mutex> joinLock(m_joinMutex);
    // A callback calling wait() would join its own thread: the summary is not final yet then.
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id()) m_thread.join();
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_summary;
}

JobState BackgroundSegmentation::state() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_state;
}

std::string BackgroundSegmentation::error() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_error;
}

ProgressInfo BackgroundSegmentation::lastProgress() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_progress;
}

RunSummary BackgroundSegmentation::execute(ProgressSink& sink) {
  store::StoreOptions storeOptions;
  storeOptions.create = false;  // the caller's database: a missing file is a wrong path
  store::ReviewStore store(m_dbPath, storeOptions);
  std::unique_ptr<Segmenter> segmenter = m_factory();
  if (!segmenter) throw EngineError("the segmenter factory returned no model");
  SegmentJob job(store, m_model, m_options);
  if (m_callbacks.imageStored)
    job.setCommitObserver([this](const std::vector<ImageOutcome>& outcomes) {
      for (const ImageOutcome& outcome : outcomes)
        m_callbacks.imageStored(outcome.item.imageId, outcome.ok, outcome.ok ? std::string() : outcome.error);
    });
  return job.run(*m_preparer, *segmenter, sink, m_cancel);
}

void BackgroundSegmentation::runJob() {
  Sink sink(*this);
  try {
    const RunSummary summary = execute(sink);
    finish(summary, summary.cancelled ? JobState::Cancelled : JobState::Finished, "");
  } catch (const std::exception& e) {
    finish(RunSummary{}, JobState::Failed, e.what());
  } catch (...) {
    finish(RunSummary{}, JobState::Failed, "background segmentation of " + m_dbPath + " failed: unknown error");
  }
}

void BackgroundSegmentation::finish(const RunSummary& summary, JobState state, const std::string& error) {
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
