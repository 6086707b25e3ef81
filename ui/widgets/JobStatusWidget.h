#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace cxr::widgets {

/// Status-bar view of a background job: title, progress bar, rate, ETA and a cancel button.
class JobStatusWidget : public QWidget {
  Q_OBJECT

 public:
  explicit JobStatusWidget(QWidget* parent = nullptr);
  void start(const QString& title);
  void setProgress(qint64 done, qint64 total, qint64 failed, double rate, double eta);
  void finish(const QString& text);

 Q_SIGNALS:
  void cancelRequested();

 private:
  QLabel* m_title;
  QProgressBar* m_bar;
  QLabel* m_detail;
  QToolButton* m_cancel;
};

}  // namespace cxr::widgets
