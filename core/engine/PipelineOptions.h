#pragma once

#include <chrono>

namespace cxr::engine {

/// Tuning of a segmentation run; the defaults suit a laptop CPU.
struct PipelineOptions {
  int workers = 0;              ///< decode/preprocess/postprocess threads; 0 = all cores
  int batchSize = 4;            ///< images per inference call
  int batchesInFlight = 0;      ///< bounded queue of batches between stages; 0 = workers + 2
  int writerQueueCapacity = 64; ///< results waiting for the writer before producers block
  int maxGroupCommit = 32;      ///< results the writer stores in one transaction at most
  std::chrono::milliseconds progressInterval{250};  ///< minimum time between progress reports
  /// Hand outcomes to the writer in the order of the work items (a CSV written in argument
  /// order); otherwise in completion order, which never holds finished batches back.
  bool orderedOutput = false;
};

/// What a run did.
struct RunSummary {
  int64_t total = 0;         ///< images handed to the run
  int64_t succeeded = 0;     ///< segmentations stored
  int64_t failed = 0;        ///< per-image errors stored
  int64_t notProcessed = 0;  ///< left for a later run because of cancellation
  bool cancelled = false;
  double seconds = 0.0;
  double imagesPerSecond = 0.0;  ///< (succeeded + failed) / seconds
};

}  // namespace cxr::engine
