// Worker for GuiKillTest: the real main window opens a case, one landmark is dragged with real
// mouse events, "EDITED x y" is printed, and the process waits to be killed (kill -9).
#include "tests/ui/widgets/GuiTestSupport.h"
#include "ui/editor/ViewTransform.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"

#include <QApplication>
#include <QStandardPaths>
#include <QTest>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gui_edit_worker DB READER IMAGE\n");
    return 2;
  }
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  cxr::widgets::MainWindow w;
  w.resize(1200, 800);
  w.show();
  if (!cxr::test::openCaseAndWait(w, argv[1], argv[2], argv[3])) {
    std::fprintf(stderr, "case did not open\n");
    return 3;
  }
  const int index = 50;
  const cxr::format::Point p = w.session().editModel().landmarks()[index];
  const QPoint start = w.imageView().viewTransform().imageToScreen(QPointF(p.x, p.y)).toPoint();
  QWidget* vp = w.imageView().viewport();
  QTest::mouseMove(vp, start);
  QTest::mousePress(vp, Qt::LeftButton, Qt::NoModifier, start);
  for (int i = 1; i <= 4; ++i) QTest::mouseMove(vp, start + QPoint(8 * i, -5 * i));
  QTest::mouseRelease(vp, Qt::LeftButton, Qt::NoModifier, start + QPoint(32, -20));
  const cxr::format::Point q = w.session().editModel().landmarks()[index];
  std::printf("EDITED %d %.17g %.17g\n", index, q.x, q.y);
  std::fflush(stdout);
  return app.exec();  // killed by the test
}
