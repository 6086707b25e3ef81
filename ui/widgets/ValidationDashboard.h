#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/Validation.h"
#include "core/engine/ValidationFigures.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QTableWidget;

namespace cxr::charts {
class VtkChartWidget;
}

namespace cxr::widgets {

/// The RCA-versus-expert validation dashboard: scatter of true Dice against RCA (Max or Mean)
/// with the least-squares line, r and rho; RCA histograms per dataset; the evaluation table.
/// Filters: dataset, reader, organ. Clicking a point (or double-clicking a row) asks to open
/// that image. Data come from the store on a worker thread (comparisons computed once and
/// stored, core/engine Validation); charts are VTK charts in QOpenGLWidgets (ui/charts).
class ValidationDashboard : public QWidget {
  Q_OBJECT
 public:
  explicit ValidationDashboard(QWidget* parent = nullptr);
  ~ValidationDashboard() override;

  /// Loads the readers with corrections from `dbPath` and shows `reader`'s validation (the first
  /// reader with corrections when `reader` has none).
  void open(const QString& dbPath, const QString& reader = {});
  /// Reloads the current reader's rows (new corrections since).
  void reload();

  /// Rows shown (after the dataset filter).
  const std::vector<engine::ValidationRow>& shownRows() const { return m_shown; }
  const engine::ValidationSummary& summary() const { return m_summary; }
  bool loading() const { return m_loading; }

  void setReader(const QString& reader);
  void setDataset(const QString& dataset);  ///< "" = all datasets
  void setOrgan(engine::ValidationOrgan organ);
  void setRcaKind(engine::RcaKind kind);

  /// Writes the shown rows in the evaluation-file layout.
  void exportCsv(const QString& path) const;
  /// Writes <base>_scatter.{png,svg} and <base>_histograms.{png,svg}.
  void exportFigures(const QString& basePath) const;

  charts::VtkChartWidget& scatterChart() { return *m_scatter; }
  charts::VtkChartWidget& histogramChart() { return *m_histogram; }
  QTableWidget& table() { return *m_table; }

 Q_SIGNALS:
  /// The user chose an image (a point or a table row).
  void openImageRequested(qint64 imageId, const QString& displayId);
  /// Rows loaded (or failed: `error` not empty).
  void loaded(const QString& error);

 private:
  void buildUi();
  void startLoad(const QString& reader);
  void applyFilters();
  void updateScatter();
  void updateHistograms();
  void updateTable();
  void chooseCsvExport();
  void chooseFigureExport();

  QString m_dbPath;
  QComboBox *m_readerBox, *m_datasetBox, *m_organBox, *m_rcaBox;
  QLabel* m_stats;
  QLabel* m_status;
  charts::VtkChartWidget* m_scatter;
  charts::VtkChartWidget* m_histogram;
  QTableWidget* m_table;
  std::vector<engine::ValidationRow> m_rows;   ///< the reader's rows, all datasets
  std::vector<engine::ValidationRow> m_shown;  ///< after the dataset filter
  std::vector<std::size_t> m_pointRows;        ///< scatter point index -> m_shown index
  engine::ValidationSummary m_summary;
  engine::CancellationToken m_cancel;
  bool m_loading = false;
  bool m_updatingBoxes = false;
  int m_generation = 0;
};

}  // namespace cxr::widgets
