#include "tests/ui/widgets/GuiTestSupport.h"

#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/WorklistTableModel.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QThread>

#include <cstdio>

namespace cxr::test {

std::string makeNihReviewDatabase(const std::filesystem::path& folder) {
  const std::string db = (folder / "nih.cxrdb").string();
  store::ReviewStore store(db);
  store::CsvImportOptions options;
  options.imageRoot = sharedData("images/nih").string();
  store::CheXmaskImporter importer(store);
  for (const char* file : {"ChestX-Ray8.csv", "ChestX-Ray8_julia_annotations.csv", "ChestX-Ray8_martina_annotations.csv"})
    importer.importFile(sharedData(std::string("chexmask/") + file).string(), options);
  return db;
}

int versionsBy(const std::string& db, const std::string& reader, std::int64_t image) {
  store::StoreOptions ro;
  ro.readOnly = true;
  store::ReviewStore s(db, ro);
  int n = 0;
  for (const auto& v : s.versions().history(image)) n += v.author == reader;
  return n;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (!condition()) {
    if (clock.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return true;
}

bool openCaseAndWait(widgets::MainWindow& window, const std::string& db, const QString& reader,
                     const QString& image, int timeoutMs) {
  QSignalSpy shown(&window, &widgets::MainWindow::caseShown);
  window.openDatabase(QString::fromStdString(db), reader);
  window.openImage(image);
  // The requested image, not just any case, must be on screen.
  const bool ok = waitFor([&] {
    const auto* c = window.session().currentCase();
    return shown.count() > 0 && c && QString::fromStdString(c->displayId) == image;
  }, timeoutMs);
  if (!ok) {
    const auto* c = window.session().currentCase();
    const auto* banner = window.findChild<QLabel*>("bannerText");
    std::fprintf(stderr, "case '%s' did not open (showing '%s'; banner: %s)\n", image.toUtf8().constData(),
                 c ? c->displayId.c_str() : "none", banner ? banner->text().toUtf8().constData() : "");
  }
  return ok;
}

void saveScreenshot(widgets::MainWindow& window, const QString& name) {
  const QString dir = qEnvironmentVariable("CXR_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  window.grab().save(dir + "/" + name + ".png");
}

void NihCaseTest::SetUp() {
  for (const char* file : {"chexmask/ChestX-Ray8.csv", "images/nih/00001437_024.png"})
    if (!std::filesystem::exists(sharedData(file))) GTEST_SKIP() << "SKIPPED: shared data not found: " << sharedData(file);
  m_folder = makeTempDir("gui-nih");
  m_db = makeNihReviewDatabase(m_folder);
}

void NihCaseTest::TearDown() {
  if (m_folder.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(m_folder, ec);
}

bool NihCaseTest::showCase(widgets::MainWindow& window, const QString& reader) {
  window.resize(1400, 900);
  window.show();
  return openCaseAndWait(window, m_db, reader, kNihImage);
}

}  // namespace cxr::test
