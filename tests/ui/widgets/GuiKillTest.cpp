// Kills the application with SIGKILL right after an edit (one autosave interval later) and
// finds the edit in the store when the application opens the case again.
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"

#include <gtest/gtest.h>

#include <QProcess>

#include <charconv>

namespace cxr::test {
namespace {

using GuiKillTest = NihCaseTest;

TEST_F(GuiKillTest, EditSurvivesKillNineOneSecondAfterTheGesture) {
  const std::string db = this->db();
  QProcess worker;
  worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  worker.start(CXR_GUI_EDIT_WORKER, {QString::fromStdString(db), "killed-reader", kNihImage});
  ASSERT_TRUE(worker.waitForStarted(10000));
  QByteArray out;
  ASSERT_TRUE(waitFor([&] {
    out += worker.readAllStandardOutput();
    return out.contains('\n') || worker.state() == QProcess::NotRunning;
  }, 60000)) << "the worker never reported its edit";
  const QList<QByteArray> parts = out.trimmed().split(' ');
  ASSERT_EQ(parts.size(), 4) << out.toStdString();
  ASSERT_EQ(parts[0], "EDITED");
  const int index = parts[1].toInt();
  double x = 0, y = 0;
  std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), x);
  std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), y);
  // The autosave promise: stored within a second of the gesture ending. Kill then, hard.
  QThread::msleep(1000);
  worker.kill();  // SIGKILL
  ASSERT_TRUE(worker.waitForFinished(10000));

  // Restart: the application opens the case and shows the edit.
  widgets::MainWindow w;
  ASSERT_TRUE(showCase(w, "killed-reader"));
  const auto& lm = w.session().editModel().landmarks();
  EXPECT_EQ(lm[index].x, x);
  EXPECT_EQ(lm[index].y, y);
  ASSERT_TRUE(w.session().currentCase()->reviewVersion.has_value());
  EXPECT_EQ(w.session().currentCase()->reviewVersion->author, "killed-reader");
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db, ro);
  EXPECT_TRUE(s.integrityCheck().empty()) << "the database must be consistent after kill -9";
}

}  // namespace
}  // namespace cxr::test
