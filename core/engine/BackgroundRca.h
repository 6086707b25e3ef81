#pragma once

#include "core/engine/BackgroundJob.h"
#include "core/engine/RcaJob.h"
#include "core/rca/RcaTypes.h"

#include <functional>
#include <string>

namespace cxr::engine {

/// Runs an RcaJob over a review database on a thread of its own, with its OWN connection
/// opened on `dbPath` (as BackgroundSegmentation does for segmentation), so the application
/// computes RCA in the background with a progress bar while the reader keeps working. The
/// reference set is read and prepared on the job thread; `latents` (optional) is called there
/// too and may load the model (versions without a stored latent then get one; without it they
/// fail with a clear message). Callbacks as BackgroundSegmentation's: progress and imageStored
/// from the job thread after each committed group, finished once at the end. Thread rules as
/// BackgroundSegmentation: start/wait/destructor on the owner's thread, the rest anywhere.
class BackgroundRca : public BackgroundJob {
 public:
  using LatentFactory = std::function<LatentProvider()>;

  BackgroundRca(std::string dbPath, std::string refsetPath, rca::RcaParameters parameters, RcaJobOptions options,
                LatentFactory latents, BackgroundSegmentationCallbacks callbacks);
  /// Cancels and joins (stored results stay).
  ~BackgroundRca();
 private:
  RunSummary execute(ProgressSink& sink) override;

  std::string m_dbPath, m_refsetPath;
  rca::RcaParameters m_parameters;
  RcaJobOptions m_options;
  LatentFactory m_latents;
};

}  // namespace cxr::engine
