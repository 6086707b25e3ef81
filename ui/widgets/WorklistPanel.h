#pragma once

#include "core/store/WorklistRepository.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace cxr::widgets {

class WorklistTableModel;

/// The worklist dock: filter bar (dataset, status, RCA range, errors, ID search) above the lazy
/// table. Turns the filter widgets into a store::WorklistFilter; the table model does the rest.
class WorklistPanel : public QWidget {
  Q_OBJECT

 public:
  WorklistPanel(WorklistTableModel* model, QWidget* parent = nullptr);
  QTableView* table() const { return m_table; }
  QLineEdit* searchBox() const { return m_search; }
  /// Rebuilds the filter for `reader` from the widgets and applies it.
  void applyFilter(const QString& reader);
  /// Refills the dataset box.
  void setDatasets(const QStringList& names);
  /// Refills the worklist box: "All images" then the named worklists (id, label).
  void setNamedWorklists(const QList<QPair<qint64, QString>>& lists);
  /// Shows one named worklist in its own order (0 = all images).
  void showNamedWorklist(qint64 worklistId);
  /// Image ids of the selected rows that are loaded.
  std::vector<qint64> selectedImageIds() const;
  /// Selects and shows `row` (no signal loop: the caller opens the case).
  void selectRow(int row);

 Q_SIGNALS:
  /// The reader activated a row (click, Enter, keyboard move).
  void rowActivated(int row);

 private:
  WorklistTableModel* m_model;
  QTableView* m_table;
  QComboBox* m_named;
  QComboBox* m_dataset;
  QComboBox* m_status;
  QDoubleSpinBox* m_rcaMax;
  QCheckBox* m_errors;
  QLineEdit* m_search;
  QLabel* m_count;
  QString m_reader;
  bool m_selecting = false;
};

}  // namespace cxr::widgets
