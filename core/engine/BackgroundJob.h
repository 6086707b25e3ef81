#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/ProgressSink.h"
#include "core/engine/PipelineOptions.h"
#include "core/store/StoreTypes.h"

#include <functional>
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

/// The thread, state and reports shared by the application's background jobs
/// (BackgroundSegmentation, BackgroundRca): a derived class says what execute() runs on the job
/// thread; this class starts, cancels and joins it, keeps the state, the error and the latest
/// progress for polling, and calls the callbacks. Thread rules: start/wait/destructor on the
/// owner's thread, the rest anywhere. A derived destructor must call stop() first, so that its
/// members outlive the thread.
class BackgroundJob {
 public:
  virtual ~BackgroundJob();
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  /// Starts the job thread; throws EngineError when called twice.
  void start();
  /// Asks the job to stop and returns at once; the run stops at its next checkpoint (about
  /// one inference call or one registration).
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

 protected:
  /// `what` names the job in errors ("background RCA of <db>"); `reportImageFailures` also
  /// forwards each failed image to the message callback as a warning.
  BackgroundJob(std::string what, BackgroundSegmentationCallbacks callbacks, bool reportImageFailures);
  /// The work, on the job thread; exceptions end the job as Failed with their text.
  virtual RunSummary execute(ProgressSink& sink) = 0;
  /// Cancels and joins: the first line of a derived destructor.
  void stop();
  const CancellationToken& cancelToken() const { return m_cancel; }
  const BackgroundSegmentationCallbacks& callbacks() const { return m_callbacks; }

 private:
  class Sink;
  void runJob();
  void finish(const RunSummary& summary, JobState state, const std::string& error);

  std::string m_what;
  BackgroundSegmentationCallbacks m_callbacks;
  bool m_reportImageFailures;
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
