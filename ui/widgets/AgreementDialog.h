#pragma once

#include "core/store/ReaderAgreement.h"

#include <QDialog>
#include <QString>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;
class QVBoxLayout;
class QTableWidget;

namespace cxr::widgets {

class BoxPlotWidget;

/// Reader agreement in the application: two readers (or a reader and "@model"), an optional
/// dataset, then per dataset and overall the mean, median and IQR of every metric of
/// review-metrics.md, and the per-image table; "Store consensus" keeps the per-landmark mean of
/// the two readers as consensus versions (the compare overlay, K, shows them). The work runs
/// on a thread with its own connection (store::ReaderAgreement / ConsensusBuilder); images
/// that are blind for the application's reader are left out.
class AgreementDialog : public QDialog {
  Q_OBJECT

 public:
  AgreementDialog(const QString& databasePath, const QString& viewer, QWidget* parent = nullptr);
  /// Asks a running computation to stop (it returns the images done so far).
  ~AgreementDialog() override;

  /// Chooses the readers (names as listed; tests use this).
  void setReaders(const QString& a, const QString& b);
  /// Starts the computation of the chosen pair.
  void compute();
  /// Starts storing the consensus (mean) of the chosen pair.
  void storeConsensus();
  QTableWidget* summaryTable() const { return m_summary; }
  QTableWidget* imageTable() const { return m_images; }
  BoxPlotWidget* boxPlot() const { return m_boxPlot; }
  /// Chooses the metric of the box plots (0..7, the CSV column order after ImageID).
  void setPlottedMetric(int metric);
  QComboBox* readerA() const { return m_readerA; }
  QComboBox* readerB() const { return m_readerB; }
  QString message() const;

 Q_SIGNALS:
  /// The reader list is there.
  void readersLoaded();
  /// A computation or consensus finished (ok = false: `message` says why).
  void finished(bool ok, QString message);

 private:
  void buildControls(QVBoxLayout* layout);
  void buildTables(QVBoxLayout* layout);
  void loadReaders();
  /// Fills the summary table, the box plots and the per-image table.
  void showAgreement(std::shared_ptr<store::AgreementResult> result);
  void setBusy(bool busy);
  /// Progress shared with the worker thread (polled by a timer: no pointer to the dialog
  /// crosses threads) and the cancel flag it polls.
  struct Progress {
    std::atomic<long long> done{0}, total{0};
    std::atomic<bool> cancel{false};
  };
  std::shared_ptr<Progress> startProgress();
  void updateBoxPlot();

  QString m_path, m_viewer;
  QComboBox* m_readerA;
  QComboBox* m_readerB;
  QComboBox* m_dataset;
  QPushButton* m_compute;
  QPushButton* m_consensus;
  QLabel* m_status;
  QProgressBar* m_progressBar;
  QPushButton* m_cancel;
  QTimer* m_poll;
  std::shared_ptr<Progress> m_progress;
  QTableWidget* m_summary;
  QTableWidget* m_images;
  QComboBox* m_metric;
  BoxPlotWidget* m_boxPlot;
  std::shared_ptr<store::AgreementResult> m_result;
};

}  // namespace cxr::widgets
