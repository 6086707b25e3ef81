#include "ui/widgets/LiveMetricsRunner.h"

#include "ui/editor/LiveMetrics.h"

#include <QtConcurrent/QtConcurrentRun>

namespace cxr::widgets {

LiveMetricsRunner::LiveMetricsRunner(QObject* parent) : QObject(parent) {
  connect(&m_watcher, &QFutureWatcher<format::ComparisonResult>::finished, this, [this] {
    Q_EMIT ready(m_watcher.result());
    if (m_next) launch();
  });
}

void LiveMetricsRunner::request(const format::LandmarkSet& edited, const format::LandmarkSet& reference,
                                int height, int width) {
  m_next = Job{edited, reference, height, width};
  if (!m_watcher.isRunning()) launch();
}

void LiveMetricsRunner::launch() {
  const Job job = *m_next;
  m_next.reset();
  m_watcher.setFuture(QtConcurrent::run([job] {
    // 512: a few ms per update while dragging; the stored comparison is exact.
    return editor::LiveMetrics::compareToReference(job.edited, job.reference, job.height, job.width, 512);
  }));
}

}  // namespace cxr::widgets
