#include "core/engine/TextProgressSink.h"

#include "core/format/NumberText.h"

#include <cmath>

namespace cxr::engine {

std::string TextProgressSink::formatDuration(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return "?";
  const long total = std::lround(seconds);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total % 3600) / 60);
  else if (total >= 60)
    std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%lds", total);
  return text;
}

void TextProgressSink::onProgress(const ProgressInfo& info) {
  if (m_quiet) return;
  std::fprintf(m_stream, "%s: %lld/%lld done, %lld failed, %s images/s, %s %s\n", m_label.c_str(),
               (long long)info.done, (long long)info.total, (long long)info.failed,
               format::NumberText::fixed(info.imagesPerSecond, 1).c_str(),
               info.finished ? "took" : "ETA",
               formatDuration(info.finished ? info.elapsedSeconds : info.etaSeconds).c_str());
  std::fflush(m_stream);
}

void TextProgressSink::onMessage(MessageLevel level, const std::string& text) {
  if (m_quiet && level == MessageLevel::Info) return;
  const char* prefix = level == MessageLevel::Error ? "error: " : level == MessageLevel::Warning ? "warning: " : "";
  std::fprintf(m_stream, "%s: %s%s\n", m_label.c_str(), prefix, text.c_str());
  std::fflush(m_stream);
}

void TextProgressSink::onImageFailed(const std::string& key, const std::string& error) {
  std::fprintf(m_stream, "%s: failed %s: %s\n", m_label.c_str(), key.c_str(), error.c_str());
  std::fflush(m_stream);
}

}  // namespace cxr::engine
