#include "ui/widgets/ShortcutHelpDialog.h"

#include "ui/widgets/ActionRegistry.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cxr::widgets {

ShortcutHelpDialog::ShortcutHelpDialog(const ActionRegistry& actions, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Keyboard shortcuts"));
  setObjectName("shortcutHelp");
  auto* layout = new QVBoxLayout(this);
  auto* tree = new QTreeWidget;
  tree->setHeaderLabels({tr("Command"), tr("Shortcut"), tr("What it does")});
  tree->setRootIsDecorated(true);
  QTreeWidgetItem* group = nullptr;
  QString menu;
  for (const ActionSpec& spec : ActionRegistry::specs()) {
    if (menu != QLatin1String(spec.menu)) {
      menu = QLatin1String(spec.menu);
      group = new QTreeWidgetItem(tree, {tr(spec.menu)});
      group->setFirstColumnSpanned(true);
      group->setExpanded(true);
    }
    QAction* a = actions.action(spec.id);
    new QTreeWidgetItem(group, {a->text(), a->shortcut().toString(QKeySequence::NativeText), tr(spec.help)});
  }
  tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(tree);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(760, 640);
}

}  // namespace cxr::widgets
