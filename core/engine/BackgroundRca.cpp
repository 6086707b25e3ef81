#include "core/engine/BackgroundRca.h"

#include "core/engine/EngineError.h"
#include "core/rca/ReferenceSet.h"
#include "core/rca/ReverseClassifier.h"
#include "core/store/ReviewStore.h"

namespace cxr::engine {

class BackgroundRca::Sink : public ProgressSink {
 public:
  explicit Sink(BackgroundRca& job) : m_job(job) {}
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
    if (m_job.m_callbacks.message) m_job.m_callbacks.message(MessageLevel::Warning, key + ": " + error);
  }

 private:
  BackgroundRca& m_job;
};

BackgroundRca::BackgroundRca(std::string dbPath, std::string refsetPath, rca::RcaParameters parameters,
                             RcaJobOptions options, LatentFactory latents, BackgroundSegmentationCallbacks callbacks)
    : m_dbPath(std::move(dbPath)),
      m_refsetPath(std::move(refsetPath)),
      m_parameters(std::move(parameters)),
      m_options(std::move(options)),
      m_latents(std::move(latents)),
      m_callbacks(std::move(callbacks)) {}

BackgroundRca::~BackgroundRca() {
  cancel();
  wait();
}

void BackgroundRca::start() {
  std::lock_guard<std::mutex> joinLock(m_joinMutex);
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_state != JobState::NotStarted) throw EngineError("background RCA of " + m_dbPath + " was already started");
    m_state = m_cancel.isCancelled() ? JobState::Cancelling : JobState::Running;
  }
  m_thread = std::thread([this] { runJob(); });
}

void BackgroundRca::cancel() {
  m_cancel.cancel();
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_state == JobState::Running) m_state = JobState::Cancelling;
}

RunSummary BackgroundRca::wait() {
  {
    std::lock_guard<std::mutex> joinLock(m_joinMutex);
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id()) m_thread.join();
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_summary;
}

JobState BackgroundRca::state() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_state;
}

std::string BackgroundRca::error() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_error;
}

ProgressInfo BackgroundRca::lastProgress() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_progress;
}

void BackgroundRca::runJob() {
  Sink sink(*this);
  try {
    const rca::ReferenceSet set = rca::ReferenceSetIO::read(m_refsetPath);
    const rca::ReverseClassifier classifier(set, m_parameters);
    const LatentProvider latents = m_latents ? m_latents() : LatentProvider();
    store::StoreOptions storeOptions;
    storeOptions.create = false;
    store::ReviewStore store(m_dbPath, storeOptions);
    RcaJob job(store, classifier, m_options);
    if (m_callbacks.imageStored)
      job.setCommitObserver([this](const std::vector<RcaOutcome>& outcomes) {
        for (const RcaOutcome& o : outcomes) m_callbacks.imageStored(o.item.imageId, o.ok, o.ok ? std::string() : o.error);
      });
    const RunSummary summary = job.run(latents, sink, m_cancel);
    finish(summary, summary.cancelled ? JobState::Cancelled : JobState::Finished, "");
  } catch (const std::exception& e) {
    finish(RunSummary{}, JobState::Failed, e.what());
  } catch (...) {
    finish(RunSummary{}, JobState::Failed, "background RCA of " + m_dbPath + " failed: unknown error");
  }
}

void BackgroundRca::finish(const RunSummary& summary, JobState state, const std::string& error) {
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
    std::lock_guard<std::mutex> lock(m_mutex);
    m_error += (m_error.empty() ? "" : "; ") + std::string("the finished callback threw: ") + e.what();
  }
}

}  // namespace cxr::engine
