#include "ui/widgets/JobStatusWidget.h"

#include "ui/widgets/Formatting.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace cxr::widgets {

JobStatusWidget::JobStatusWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_title = new QLabel;
  m_bar = new QProgressBar;
  m_bar->setObjectName("jobProgress");
  m_bar->setMinimumWidth(160);
  m_bar->setMaximumHeight(16);
  m_detail = new QLabel;
  m_detail->setObjectName("jobDetail");
  m_cancel = new QToolButton;
  m_cancel->setText(tr("Cancel"));
  m_cancel->setToolTip(tr("Stop the background job (Ctrl+.); finished images stay stored"));
  layout->addWidget(m_title);
  layout->addWidget(m_bar);
  layout->addWidget(m_detail);
  layout->addWidget(m_cancel);
  connect(m_cancel, &QToolButton::clicked, this, &JobStatusWidget::cancelRequested);
  hide();
}

void JobStatusWidget::start(const QString& title) {
  m_title->setText(title);
  m_bar->setRange(0, 0);  // busy until the total is known
  m_detail->setText(tr("starting…"));
  m_cancel->setEnabled(true);
  m_bar->show();
  m_cancel->show();
  show();
}

void JobStatusWidget::setProgress(qint64 done, qint64 total, qint64 failed, double rate, double eta) {
  if (total > 0) {
    m_bar->setRange(0, int(total));
    m_bar->setValue(int(done));
    m_bar->setFormat(QStringLiteral("%1 / %2").arg(done).arg(total));
  } else {
    m_bar->setRange(0, 0);
  }
  QString detail;
  if (rate > 0) detail = tr("%1 images/s").arg(rate, 0, 'f', 2);
  if (eta >= 0) detail += tr(" · ETA %1").arg(formatDuration(eta));
  if (failed > 0) detail += tr(" · %1 failed").arg(failed);
  if (total == 0 && done > 0) detail = tr("%1 rows").arg(done);
  m_detail->setText(detail);
}

void JobStatusWidget::finish(const QString& text) {
  m_bar->hide();
  m_cancel->hide();
  m_title->setText(text);
  m_detail->clear();
}

}  // namespace cxr::widgets
