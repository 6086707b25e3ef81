#pragma once

#include "core/engine/BackgroundJob.h"
#include "core/engine/ImagePreparer.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/SegmentJob.h"
#include "core/engine/Segmenter.h"
#include "core/store/StoreTypes.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace cxr::engine {

/// Runs a SegmentJob (a selection or dataset of a review database) on a thread of its own,
/// with its OWN database connection opened on `dbPath`, so the caller's connection (the
/// GUI's) stays free for reading and for saving reviews meanwhile (SQLite WAL; writers wait
/// on the busy timeout). The segmenter is made on the job thread by the factory, so a model
/// that fails to load ends the job in Failed with its message instead of throwing at the
/// caller. start(), wait() and the destructor belong to the owning thread; cancel(),
/// state(), error() and lastProgress() may be called from any thread.
class BackgroundSegmentation : public BackgroundJob {
 public:
  /// Makes the model; called once, on the job thread; may throw (the job then fails).
  using SegmenterFactory = std::function<std::unique_ptr<Segmenter>()>;

  /// Throws EngineError when the factory or the preparer is missing. Nothing runs before start().
  BackgroundSegmentation(std::string dbPath, store::ModelInfo model, SegmentJobOptions options,
                         SegmenterFactory segmenter, std::shared_ptr<const ImagePreparer> preparer,
                         BackgroundSegmentationCallbacks callbacks);
  /// Cancels and joins (finished images stay stored).
  ~BackgroundSegmentation();
  BackgroundSegmentation(const BackgroundSegmentation&) = delete;
  BackgroundSegmentation& operator=(const BackgroundSegmentation&) = delete;

 private:
  RunSummary execute(ProgressSink& sink) override;

  std::string m_dbPath;
  store::ModelInfo m_model;
  SegmentJobOptions m_options;
  SegmenterFactory m_factory;
  std::shared_ptr<const ImagePreparer> m_preparer;
};

}  // namespace cxr::engine
