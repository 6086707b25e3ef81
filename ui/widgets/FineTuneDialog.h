#pragma once

#include "core/engine/FineTuneJob.h"

#include <QDialog>

class QPushButton;
class QTableWidget;

namespace cxr::widgets {

/// The outcome of a fine-tuning run: the held-out Dice per organ of the new model next to its
/// parent's, what it was trained on, and the choice to switch the active model to it (accept)
/// or keep the current one (reject).
class FineTuneDialog : public QDialog {
  Q_OBJECT

 public:
  explicit FineTuneDialog(const engine::FineTuneResult& result, QWidget* parent = nullptr);

  QTableWidget* table() const { return m_table; }
  QPushButton* switchButton() const { return m_switch; }
  QPushButton* keepButton() const { return m_keep; }

 private:
  QTableWidget* m_table;
  QPushButton* m_switch;
  QPushButton* m_keep;
};

}  // namespace cxr::widgets
