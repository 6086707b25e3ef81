#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/ImagePreparer.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/ResultWriter.h"
#include "core/engine/Segmenter.h"
#include "core/engine/WorkItem.h"

#include <vector>

namespace cxr::engine {

/// Segments a list of images on a oneTBB pipeline:
///
///   source (batches of work items, serial)
///   -> decode + preprocess (parallel over the batch's images on N workers)
///   -> inference (serial: one model session, GPU or CPU)
///   -> postprocess: back-projection, masks, RLE (parallel)
///   -> hand-off to the single writer thread (bounded queue, group commits).
///
/// At most `batchesInFlight` batches are alive at once (bounded memory). Per-image failures
/// become recorded errors and the run goes on. Cancellation is polled before every image and
/// every inference call, so a run stops within about one inference call; what was finished
/// is still stored and the rest is left for a resumed run.
class SegmentPipeline {
 public:
  /// The stages are borrowed for the lifetime of the pipeline.
  SegmentPipeline(const ImagePreparer& preparer, Segmenter& segmenter, ResultWriter& writer,
                  PipelineOptions options = {});

  /// Processes `items` (the caller has already dropped done images and applied the shard).
  /// Blocks until finished or cancelled; throws EngineError (or the store's error) only when
  /// the run itself cannot go on, e.g. the writer failed.
  RunSummary run(const std::vector<WorkItem>& items, ProgressSink& progress, const CancellationToken& cancel);

 private:
  const ImagePreparer& m_preparer;
  Segmenter& m_segmenter;
  ResultWriter& m_writer;
  PipelineOptions m_options;
};

}  // namespace cxr::engine
