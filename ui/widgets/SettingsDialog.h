#pragma once

#include "ui/editor/OverlayStyle.h"
#include "ui/widgets/ModelFactory.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace cxr::widgets {

class ActionRegistry;

/// Settings: model file (with its SHA-256, computed off the GUI thread), device, threads,
/// reader, organ colours and keyboard shortcuts. Persisted with QSettings on OK.
class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  SettingsDialog(ActionRegistry& actions, const QString& reader, QWidget* parent = nullptr);
  ModelChoice modelChoice() const;
  QString reader() const;
  editor::OverlayStyle overlayStyle() const { return m_style; }
  /// Writes everything to the settings and applies the shortcuts.
  void apply();

 private:
  void hashModel();
  ActionRegistry& m_actions;
  QLineEdit* m_model;
  QLabel* m_sha;
  QComboBox* m_device;
  QSpinBox* m_threads;
  QLineEdit* m_reader;
  QTableWidget* m_shortcuts;
  editor::OverlayStyle m_style;
};

}  // namespace cxr::widgets
