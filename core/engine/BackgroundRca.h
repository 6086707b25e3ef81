#pragma once

#include "core/engine/BackgroundSegmentation.h"
#include "core/engine/CancellationToken.h"
#include "core/engine/RcaJob.h"
#include "core/rca/RcaTypes.h"

#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace cxr::engine {

/// Runs an RcaJob over a review database on a thread of its own, with its OWN connection
/// opened on `dbPath` (as BackgroundSegmentation does for segmentation), so the application
/// computes RCA in the background with a progress bar while the reader keeps working. The
/// reference set is read and prepared on the job thread; `latents` (optional) is called there
/// too and may load the model (versions without a stored latent then get one; without it they
/// fail with a clear message). Callbacks as BackgroundSegmentation's: progress and imageStored
/// from the job thread after each committed group, finished once at the end. Thread rules as
/// BackgroundSegmentation: start/wait/destructor on the owner's thread, the rest anywhere.
class BackgroundRca {
 public:
  using LatentFactory = std::function<LatentProvider()>;

  BackgroundRca(std::string dbPath, std::string refsetPath, rca::RcaParameters parameters, RcaJobOptions options,
                LatentFactory latents, BackgroundSegmentationCallbacks callbacks);
  /// Cancels and joins (stored results stay).
  ~BackgroundRca();
  BackgroundRca(const BackgroundRca&) = delete;
  BackgroundRca& operator=(const BackgroundRca&) = delete;

  /// Starts the job thread; throws EngineError when called twice.
  void start();
  /// Asks the job to stop; it stops within about one registration.
  void cancel();
  /// Joins and returns the summary (state() and error() say how it ended).
  RunSummary wait();
  JobState state() const;
  std::string error() const;
  ProgressInfo lastProgress() const;

 private:
  class Sink;
  void runJob();
  void finish(const RunSummary& summary, JobState state, const std::string& error);

  std::string m_dbPath, m_refsetPath;
  rca::RcaParameters m_parameters;
  RcaJobOptions m_options;
  LatentFactory m_latents;
  BackgroundSegmentationCallbacks m_callbacks;
  CancellationToken m_cancel;

  mutable std::mutex m_mutex;  ///< guards the fields below
  JobState m_state = JobState::NotStarted;
  std::string m_error;
  ProgressInfo m_progress;
  RunSummary m_summary;

  std::mutex m_joinMutex;
  std::thread m_thread;
};

}  // namespace cxr::engine
