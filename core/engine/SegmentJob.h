#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/ImageOutcome.h"
#include "core/engine/ImagePreparer.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/Segmenter.h"
#include "core/engine/ShardSpec.h"
#include "core/engine/WorkItem.h"
#include "core/store/StoreTypes.h"

#include <functional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// What to segment.
struct SegmentJobOptions {
  std::string dataset;      ///< dataset name; empty = every dataset of the database
  /// A selection: when not empty, exactly these images (in this order, duplicates once),
  /// whether or not they belong to a dataset; `dataset` is then ignored.
  std::vector<store::RowId> imageIds;
  /// Also segment images that already have a version from this model (default: skip them,
  /// which is what makes a run resumable).
  bool resegment = false;
  ShardSpec shard;          ///< this process's share of the work (default: all of it)
  PipelineOptions pipeline;
};

/// A resumable, shardable segmentation run over a review database: registers the model,
/// selects the images (a selection, or those of the dataset(s)) that have no version from
/// this model yet (so a resumed run skips what is done), keeps those of this shard, and runs
/// the pipeline with a StoreResultWriter. While run() executes, the store belongs to the
/// pipeline's writer thread: the caller must not use it from another thread.
class SegmentJob {
 public:
  SegmentJob(store::ReviewStore& store, store::ModelInfo model, SegmentJobOptions options);

  /// Registers the model (idempotent) and returns its id.
  store::RowId registerModel();
  /// The images still to do in this shard, in database order (a selection: in its order);
  /// images without a file are left out (they are counted in skippedWithoutFile()). Throws
  /// EngineError for an unknown dataset or a selected image id the database does not have.
  std::vector<WorkItem> pendingWork();
  /// Selected images that have no file to read (from the last pendingWork()).
  int64_t skippedWithoutFile() const { return m_skippedWithoutFile; }

  /// Called on the pipeline's writer thread after each group of outcomes is committed (so
  /// another connection already sees the rows); may be empty.
  void setCommitObserver(std::function<void(const std::vector<ImageOutcome>&)> observer);

  /// Runs the pending work; throws EngineError for an unknown dataset and rethrows store failures.
  RunSummary run(const ImagePreparer& preparer, Segmenter& segmenter, ProgressSink& progress,
                 const CancellationToken& cancel);

 private:
  std::vector<store::RowId> datasetIds();
  /// Images selected before the shard and file filters (duplicates removed).
  std::vector<store::ImageRecord> candidates(store::RowId modelId);
  std::vector<store::ImageRecord> selectedImages(store::RowId modelId);

  store::ReviewStore& m_store;
  store::ModelInfo m_model;
  SegmentJobOptions m_options;
  store::RowId m_modelId = 0;
  int64_t m_skippedWithoutFile = 0;
  std::function<void(const std::vector<ImageOutcome>&)> m_commitObserver;
};

}  // namespace cxr::engine
