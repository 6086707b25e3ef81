#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/ImagePreparer.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/Segmenter.h"
#include "core/engine/ShardSpec.h"
#include "core/engine/WorkItem.h"
#include "core/store/StoreTypes.h"

#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// What to segment.
struct SegmentJobOptions {
  std::string dataset;      ///< dataset name; empty = every dataset of the database
  ShardSpec shard;          ///< this process's share of the work (default: all of it)
  PipelineOptions pipeline;
};

/// A resumable, shardable segmentation run over a review database: registers the model,
/// selects the images of the dataset(s) that have no version from this model yet (so a
/// resumed run skips what is done), keeps those of this shard, and runs the pipeline with a
/// StoreResultWriter. While run() executes, the store belongs to the pipeline's writer thread:
/// the caller must not use it from another thread.
class SegmentJob {
 public:
  SegmentJob(store::ReviewStore& store, store::ModelInfo model, SegmentJobOptions options);

  /// Registers the model (idempotent) and returns its id.
  store::RowId registerModel();
  /// The images still to do in this shard, in database order; images without a file are
  /// left out (they are counted in skippedWithoutFile()).
  std::vector<WorkItem> pendingWork();
  /// Images of the selected datasets that have no file to read (from the last pendingWork()).
  int64_t skippedWithoutFile() const { return m_skippedWithoutFile; }

  /// Runs the pending work; throws EngineError for an unknown dataset and rethrows store failures.
  RunSummary run(const ImagePreparer& preparer, Segmenter& segmenter, ProgressSink& progress,
                 const CancellationToken& cancel);

 private:
  std::vector<store::RowId> datasetIds();

  store::ReviewStore& m_store;
  store::ModelInfo m_model;
  SegmentJobOptions m_options;
  store::RowId m_modelId = 0;
  int64_t m_skippedWithoutFile = 0;
};

}  // namespace cxr::engine
