#pragma once

#include "core/format/ComparisonMetrics.h"
#include "core/format/LandmarkSet.h"

#include <QFutureWatcher>
#include <QObject>

#include <optional>

namespace cxr::widgets {

/// Computes the live Dice/Hausdorff of the edited contours against the model's proposal on a
/// worker thread, latest request wins (a drag produces many; at most one runs, one waits).
class LiveMetricsRunner : public QObject {
  Q_OBJECT

 public:
  explicit LiveMetricsRunner(QObject* parent = nullptr);
  void request(const format::LandmarkSet& edited, const format::LandmarkSet& reference, int height, int width);

 Q_SIGNALS:
  void ready(format::ComparisonResult result);

 private:
  void launch();
  struct Job {
    format::LandmarkSet edited, reference;
    int height = 0, width = 0;
  };
  std::optional<Job> m_next;
  QFutureWatcher<format::ComparisonResult> m_watcher;
};

}  // namespace cxr::widgets
