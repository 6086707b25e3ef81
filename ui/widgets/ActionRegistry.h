#pragma once

#include <QAction>
#include <QHash>
#include <QKeySequence>
#include <QObject>
#include <QString>

#include <vector>

namespace cxr::widgets {

/// One user command of the application: stable id (settings key, tests), menu, text, default
/// shortcut and a one-line description (the shortcut help overlay and docs/shortcuts.md).
struct ActionSpec {
  const char* id;
  const char* menu;
  const char* text;
  const char* shortcut;  ///< portable text ("Ctrl+Shift+Z"); "" for none
  const char* help;
  bool checkable = false;
  bool imageViewOnly = false;  ///< arrow nudges etc.: active only while the image has focus
};

/// Creates the application's QActions from one table, with shortcuts configurable in the
/// settings ("shortcuts/<id>"), so menus, the help overlay, the settings dialog, the docs and
/// the tests all read the same list.
class ActionRegistry : public QObject {
  Q_OBJECT

 public:
  explicit ActionRegistry(QObject* parent = nullptr);
  /// Every command, in menu order.
  static const std::vector<ActionSpec>& specs();
  /// The action of `id` (nullptr for an unknown id).
  QAction* action(const QString& id) const { return m_actions.value(id); }
  /// All actions, in the order of specs().
  const std::vector<QAction*>& actions() const { return m_ordered; }
  /// The spec of `id` (nullptr for an unknown id).
  static const ActionSpec* spec(const QString& id);
  /// Shortcut as configured (settings override, else the default).
  static QKeySequence configuredShortcut(const ActionSpec& spec);
  /// Stores a user's shortcut (empty = back to the default) and applies it.
  void setShortcut(const QString& id, const QKeySequence& sequence);
  /// Shortcuts used by more than one action: "Ctrl+R: reset_to_model, reload_case".
  QStringList conflicts() const;

 private:
  QHash<QString, QAction*> m_actions;
  std::vector<QAction*> m_ordered;
};

}  // namespace cxr::widgets
