#pragma once

#include <QDialog>

namespace cxr::widgets {

class ActionRegistry;

/// The shortcut help overlay (F1): every command with its current shortcut, grouped by menu.
class ShortcutHelpDialog : public QDialog {
  Q_OBJECT

 public:
  ShortcutHelpDialog(const ActionRegistry& actions, QWidget* parent = nullptr);
};

}  // namespace cxr::widgets
