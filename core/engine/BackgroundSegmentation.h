#pragma once

#include "core/engine/CancellationToken.h"
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

/// Life cycle of a background job.
enum class JobState { NotStarted, Running, Cancelling, Finished, Cancelled, Failed };

/// Stable English name of a state ("running", "cancelled", ...), for logs and status bars.
std::string toString(JobState state);

/// What a background job reports. Every callback is optional and runs on an engine thread,
/// never on the caller's: a GUI forwards them to its own thread (e.g. a queued signal).
/// They must be quick and must not call wait() or destroy the job.
struct BackgroundSegmentationCallbacks {
  /// Throttled progress (done, failed, rate, ETA) and a final report; the writer thread.
  std::function<void(const ProgressInfo&)> progress;
  /// One image's result, called after the transaction that holds it committed, so another
  /// connection opened on the database already sees the version (or the error); the
  /// writer thread. `error` is empty when `ok`.
  std::function<void(store::RowId imageId, bool ok, const std::string& error)> imageStored;
  /// The end of the job, once, after state() became final (Finished, Cancelled or Failed);
  /// the job thread. `error` is the failure's message (empty otherwise).
  std::function<void(const RunSummary&, JobState, const std::string& error)> finished;
  /// Log lines of the run (selection counts, cancellation); the job or the writer thread.
  std::function<void(MessageLevel, const std::string&)> message;
};

/// Runs a SegmentJob (a selection or dataset of a review database) on a thread of its own,
/// with its OWN database connection opened on `dbPath`, so the caller's connection (the
/// GUI's) stays free for reading and for saving reviews meanwhile (SQLite WAL; writers wait
/// on the busy timeout). The segmenter is made on the job thread by the factory, so a model
/// that fails to load ends the job in Failed with its message instead of throwing at the
/// caller. start(), wait() and the destructor belong to the owning thread; cancel(),
/// state(), error() and lastProgress() may be called from any thread.
class BackgroundSegmentation {
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

  /// Starts the job thread; throws EngineError when called twice.
  void start();
  /// Asks the job to stop and returns at once; the run stops within about one inference call.
  void cancel();
  /// Joins the job thread and returns its summary; throws nothing: state() and error() say
  /// how it ended. Returns at once when the job was never started.
  RunSummary wait();

  /// The current state.
  JobState state() const;
  /// The failure's message (empty unless state() is Failed).
  std::string error() const;
  /// The latest progress report (zeros before the first one).
  ProgressInfo lastProgress() const;

 private:
  class Sink;
  void runJob();
  RunSummary execute(ProgressSink& sink);
  void finish(const RunSummary& summary, JobState state, const std::string& error);

  std::string m_dbPath;
  store::ModelInfo m_model;
  SegmentJobOptions m_options;
  SegmenterFactory m_factory;
  std::shared_ptr<const ImagePreparer> m_preparer;
  BackgroundSegmentationCallbacks m_callbacks;
  CancellationToken m_cancel;

  mutable std::mutex m_mutex;  ///< guards the fields below
  JobState m_state = JobState::NotStarted;
  std::string m_error;
  ProgressInfo m_progress;
  RunSummary m_summary;

  std::mutex m_joinMutex;  ///< serialises start/wait/destructor
  std::thread m_thread;
};

}  // namespace cxr::engine
