// docs/shortcuts.md must list exactly the application's commands with their default shortcuts;
// the keys docs/user-guide.md and README.md name must be those shortcuts.
#include "tests/common/SharedData.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/MainWindow.h"

#include <gtest/gtest.h>

#include <QMenuBar>
#include <QRegularExpression>

#include <fstream>
#include <map>
#include <set>
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

std::string readDoc(const std::string& relative) {
  std::ifstream in(std::string(CXR_SOURCE_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The user guide's key table ("| `A` | Accept |") names commands by their menu text.
TEST(ShortcutTableTest, UserGuideKeyTableMatchesTheApplicationsActions) {
  widgets::MainWindow window;
  std::map<std::string, std::string> shortcutByText;
  for (QAction* a : window.actions().actions())
    shortcutByText[a->text().toStdString()] = a->shortcut().toString(QKeySequence::PortableText).toStdString();
  const QRegularExpression row(R"(^\| `([^`]+)` \| ([^|]+?) \|$)");
  std::istringstream in(readDoc("docs/user-guide.md"));
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    const auto m = row.match(QString::fromStdString(line));
    if (!m.hasMatch()) continue;
    ++rows;
    const std::string key = m.captured(1).toStdString(), command = m.captured(2).toStdString();
    const auto it = shortcutByText.find(command);
    ASSERT_NE(it, shortcutByText.end()) << "docs/user-guide.md: no command '" << command << "'";
    EXPECT_EQ(it->second, key) << "docs/user-guide.md: the key of '" << command << "'";
  }
  EXPECT_GE(rows, 10) << "docs/user-guide.md lost its key table";
}

// Every key written in backticks in the user guide and the README is a shortcut of a command,
// except the few keys that act inside one widget (documented with it).
TEST(ShortcutTableTest, EveryKeyInTheUserGuideIsAShortcut) {
  widgets::MainWindow window;
  std::set<std::string> shortcuts;
  for (QAction* a : window.actions().actions())
    if (!a->shortcut().isEmpty()) shortcuts.insert(a->shortcut().toString(QKeySequence::PortableText).toStdString());
  const std::set<std::string> widgetKeys = {
      "Ctrl+Return",  // saves the comment while the comment box has focus (SidePanel)
  };
  const QRegularExpression key(
      R"(`((?:(?:Ctrl|Shift|Alt)\+)*(?:[A-Z0-9]|F[0-9]{1,2}|Esc|Left|Right|Up|Down|Return|[.,\[\]]))`)");
  int checked = 0;
  for (const char* doc : {"docs/user-guide.md", "README.md"}) {
    auto it = key.globalMatch(QString::fromStdString(readDoc(doc)));
    while (it.hasNext()) {
      const std::string k = it.next().captured(1).toStdString();
      ++checked;
      EXPECT_TRUE(shortcuts.count(k) || widgetKeys.count(k)) << doc << ": `" << k << "` is no command's shortcut";
    }
  }
  EXPECT_GE(checked, 30) << "the user guide names its keys in backticks";
}

TEST(ShortcutTableTest, NoShortcutIsUsedTwice) {
  widgets::MainWindow window;
  EXPECT_TRUE(window.actions().conflicts().isEmpty()) << window.actions().conflicts().join("; ").toStdString();
}

}  // namespace
}  // namespace cxr::test
