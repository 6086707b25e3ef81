#pragma once

#include "core/engine/ProgressSink.h"

#include <cstdio>
#include <string>

namespace cxr::engine {

/// Progress as plain text lines on a stream (stderr for the CLI, a Slurm job's log):
/// "label: 1234/5000 done, 2 failed, 41.3 images/s, ETA 1m31s". Lines rather than a
/// carriage-return bar, so logs of batch jobs stay readable.
class TextProgressSink : public ProgressSink {
 public:
  /// `quiet` suppresses progress lines but keeps warnings, errors and per-image failures.
  TextProgressSink(std::FILE* stream, std::string label, bool quiet = false)
      : m_stream(stream), m_label(std::move(label)), m_quiet(quiet) {}

  void onProgress(const ProgressInfo& info) override;
  void onMessage(MessageLevel level, const std::string& text) override;
  void onImageFailed(const std::string& key, const std::string& error) override;

  /// "1h02m", "3m07s", "12s", or "?" for a negative value.
  static std::string formatDuration(double seconds);

 private:
  std::FILE* m_stream;
  std::string m_label;
  bool m_quiet;
};

}  // namespace cxr::engine
