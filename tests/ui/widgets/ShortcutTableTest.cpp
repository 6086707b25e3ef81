// docs/shortcuts.md must list exactly the application's commands with their default shortcuts.
#include "tests/common/SharedData.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/MainWindow.h"

#include <gtest/gtest.h>

#include <QMenuBar>
#include <QRegularExpression>

#include <fstream>
#include <map>
#include <sstream>

namespace cxr::test {
namespace {

std::map<std::string, std::pair<std::string, std::string>> documentedShortcuts() {
  std::ifstream in(std::string(CXR_SOURCE_DIR) + "/docs/shortcuts.md");
  std::map<std::string, std::pair<std::string, std::string>> rows;  // id -> (text, shortcut)
  const QRegularExpression row(R"(^\| (.+?) \| (?:`(.+?)`|—) \| .+ \| `(\w+)` \|$)");
  std::string line;
  while (std::getline(in, line)) {
    const auto m = row.match(QString::fromStdString(line));
    if (m.hasMatch()) rows[m.captured(3).toStdString()] = {m.captured(1).toStdString(), m.captured(2).toStdString()};
  }
  return rows;
}

TEST(ShortcutTableTest, DocumentedTableMatchesTheApplicationsActions) {
  const auto documented = documentedShortcuts();
  ASSERT_FALSE(documented.empty()) << "docs/shortcuts.md has no command rows";
  widgets::MainWindow window;
  int seen = 0;
  for (QAction* a : window.actions().actions()) {
    const std::string id = a->objectName().toStdString();
    const auto it = documented.find(id);
    ASSERT_NE(it, documented.end()) << "action '" << id << "' is not documented in docs/shortcuts.md";
    EXPECT_EQ(it->second.first, a->text().toStdString()) << id;
    EXPECT_EQ(it->second.second, a->shortcut().toString(QKeySequence::PortableText).toStdString()) << id;
    ++seen;
  }
  EXPECT_EQ(size_t(seen), documented.size()) << "docs/shortcuts.md documents commands the application lacks";
  // Every action is reachable from a menu.
  int inMenus = 0;
  for (QAction* menu : window.menuBar()->actions()) inMenus += int(menu->menu()->actions().size());
  EXPECT_EQ(inMenus, seen);
}

TEST(ShortcutTableTest, NoShortcutIsUsedTwice) {
  widgets::MainWindow window;
  EXPECT_TRUE(window.actions().conflicts().isEmpty()) << window.actions().conflicts().join("; ").toStdString();
}

}  // namespace
}  // namespace cxr::test
