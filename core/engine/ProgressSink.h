#pragma once

#include <cstdint>
#include <string>

namespace cxr::engine {

/// A snapshot of a running job, as shown by a progress bar.
struct ProgressInfo {
  int64_t total = 0;            ///< images this run has to process (after resume and sharding)
  int64_t done = 0;             ///< images committed to the store (succeeded or failed)
  int64_t failed = 0;           ///< of `done`, images whose error was recorded
  double elapsedSeconds = 0.0;  ///< since the run started
  double imagesPerSecond = 0.0; ///< recent rate (sliding window)
  double etaSeconds = -1.0;     ///< remaining / rate; -1 while unknown
  bool finished = false;        ///< last report of the run
};

/// Severity of a free-text message from a run.
enum class MessageLevel { Info, Warning, Error };

/// Callback interface through which the engine reports to the CLI or the GUI.
/// Calls come from an engine thread (the writer thread), never concurrently with each
/// other; a GUI must forward them to its own thread. Implementations must be quick.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  /// Throttled progress (a few times a second) and a final report with finished = true.
  virtual void onProgress(const ProgressInfo& info) = 0;
  /// A message for the log (start, resume counts, cancellation, ...).
  virtual void onMessage(MessageLevel level, const std::string& text) = 0;
  /// One image failed; the run goes on. `key` identifies the image (its relative path).
  virtual void onImageFailed(const std::string& key, const std::string& error) { (void)key, (void)error; }
};

/// A sink that ignores everything (for callers that do not watch).
class NullProgressSink : public ProgressSink {
 public:
  void onProgress(const ProgressInfo&) override {}
  void onMessage(MessageLevel, const std::string&) override {}
};

}  // namespace cxr::engine
