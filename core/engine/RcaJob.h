#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/RcaRunner.h"
#include "core/engine/ShardSpec.h"

#include <functional>
#include <vector>

namespace cxr::store {
class ReviewStore;
}
namespace cxr::rca {
class ReverseClassifier;
}

namespace cxr::engine {

/// What an RCA job over a database does.
struct RcaJobOptions {
  ShardSpec shard;      ///< this process's share (by image key, as SegmentJob)
  RcaRunOptions run;
};

/// A resumable, shardable RCA run over a review database: every image's current model
/// version (model run or CSV import; image_summary.model_version_id) that has no rca_results
/// row with exactly the classifier's parameters (k, working size, registration settings,
/// reference-set id) is scored, and each result is stored through RcaRepository with its
/// parameters and per-reference, per-organ numbers (the worklist's RCA columns follow by
/// trigger). A resumed run skips what is stored. Latents come from the version
/// (segmentation_versions.latent); when a version has none, the LatentProvider computes it.
/// While run() executes the store is used on the calling thread only.
class RcaJob {
 public:
  RcaJob(store::ReviewStore& store, const rca::ReverseClassifier& classifier, RcaJobOptions options = {});

  /// The versions still to score in this shard (images without a file are counted in
  /// skippedWithoutFile() and left out).
  std::vector<RcaItem> pendingWork();
  int64_t skippedWithoutFile() const { return m_skippedWithoutFile; }

  /// Called after each group of results is committed; may be empty.
  void setCommitObserver(std::function<void(const std::vector<RcaOutcome>&)> observer);

  /// Scores the pending work; per-image failures are reported to `progress` and the run goes on.
  RunSummary run(const LatentProvider& latents, ProgressSink& progress,
                 const CancellationToken& cancel = CancellationToken());

 private:
  store::ReviewStore& m_store;
  const rca::ReverseClassifier& m_classifier;
  RcaJobOptions m_options;
  int64_t m_skippedWithoutFile = 0;
  std::function<void(const std::vector<RcaOutcome>&)> m_observer;
};

}  // namespace cxr::engine
