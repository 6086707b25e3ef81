#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/RcaRunner.h"
#include "core/engine/ShardSpec.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
struct ImageRecord;
struct SegmentationData;
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

/// A version's landmarks in the pixels of its image file: the original-space landmarks when
/// stored, else the 1024 model-space ones mapped back through the stored preprocessing (or the
/// plain centred padding of an uncropped image). Sets the image size the landmarks belong to;
/// nullopt when neither is possible.
std::optional<format::LandmarkSet> landmarksInFilePixels(store::ReviewStore& store, const store::ImageRecord& image,
                                                         const store::SegmentationData& data, int& width,
                                                         int& height);

/// References promoted from the store: every image whose review by `reader` is "corrected" or
/// "accepted" becomes a reference with the reader's current version (a correction) or, for
/// an acceptance without one, the model version it accepted, as ground truth. Images without
/// a file are left out (counted in `skipped`). The result goes to collectReferences.
std::vector<ReferenceSource> referencesFromStore(store::ReviewStore& store, const std::string& reader,
                                                 int64_t& skipped);

}  // namespace cxr::engine
