// The `chexreview` binary itself: --version and --help work without a display, and without a
// display the application says so in one line and exits non-zero.
#include <gtest/gtest.h>

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <vector>

namespace {

QProcess* run(const QStringList& args, bool display) {
  auto* p = new QProcess;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  if (!display)
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(v);
  p->setProcessEnvironment(env);
  p->start(CXR_APP_PATH, args);
  p->waitForFinished(60000);
  return p;
}

TEST(ApplicationProcessTest, VersionNamesTheLibrariesWithoutADisplay) {
  std::unique_ptr<QProcess> p(run({"--version"}, false));
  EXPECT_EQ(p->exitCode(), 0);
  const QString out = p->readAllStandardOutput();
  EXPECT_TRUE(out.contains(QRegularExpression("^CheXReview [0-9]+\\.[0-9]+\\.[0-9]+ \\(git ([0-9a-f]{7,40}|unknown)\\)$",
                                               QRegularExpression::MultilineOption)))
      << out.toStdString();
  // Each linked library on its own line with the version the loaded library reports.
  std::vector<const char*> libs{"Qt", "VTK", "ITK", "DCMTK", "SQLite", "OpenCV", "zlib"};
#ifdef CXR_TEST_APP_HAS_MODEL
  libs.push_back("LibTorch");
#endif
  for (const char* lib : libs)
    EXPECT_TRUE(out.contains(QRegularExpression(QStringLiteral("^%1 [0-9]+\\.[0-9]+").arg(QLatin1String(lib)),
                                                QRegularExpression::MultilineOption)))
        << lib << " in\n" << out.toStdString();
}

TEST(ApplicationProcessTest, HelpListsTheCommandLine) {
  std::unique_ptr<QProcess> p(run({"--help"}, false));
  EXPECT_EQ(p->exitCode(), 0);
  const QString out = p->readAllStandardOutput();
  for (const char* option : {"--db", "--reader", "--image", "--demo"}) EXPECT_TRUE(out.contains(option)) << option;
}

TEST(ApplicationProcessTest, WithoutADisplayItSaysSoInOneLineAndFails) {
  std::unique_ptr<QProcess> p(run({"--demo"}, false));
  EXPECT_NE(p->exitCode(), 0);
  const QString err = QString(p->readAllStandardError()).trimmed();
  EXPECT_TRUE(err.contains("no display")) << err.toStdString();
  EXPECT_EQ(err.count('\n'), 0) << err.toStdString();
}

}  // namespace

namespace {

TEST(ApplicationProcessTest, TwoFilesAreAUsageErrorInOneLine) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  p.setProcessEnvironment(env);
  p.start(CXR_APP_PATH, {"--reader", "x", "a.cxrdb", "b.dcm"});
  ASSERT_TRUE(p.waitForFinished(60000));
  EXPECT_EQ(p.exitCode(), 2);
  const QString err = QString(p.readAllStandardError()).trimmed();
  EXPECT_TRUE(err.contains("at most one FILE")) << err.toStdString();
}

}  // namespace
