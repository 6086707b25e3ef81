// `chexreview`: the reviewer's application. Wires the command line to the main window; all
// logic lives in ui/ and core/.
#include "ui/widgets/AppSettings.h"
#include "ui/widgets/DemoData.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/OpenedImage.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/VersionInfo.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace {

// QApplication aborts without a display; say so in one line instead.
bool haveDisplay(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "-platform") == 0) return true;
  const char* platform = std::getenv("QT_QPA_PLATFORM");
  if (platform && *platform) return true;
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

bool wantsTextOnly(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--version") ||
        !std::strcmp(argv[i], "-v"))
      return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  const bool textOnly = wantsTextOnly(argc, argv);
  if (!textOnly && !haveDisplay(argc, argv)) {
    std::fprintf(stderr, "chexreview: no display available (DISPLAY/WAYLAND_DISPLAY unset); run it in a desktop session, "
                         "under xvfb-run, or use chexreview-cli for batch work\n");
    return 2;
  }
  if (textOnly && !haveDisplay(argc, argv)) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName("CheXReview");
  QApplication::setApplicationName("CheXReview");
  QApplication::setApplicationVersion(cxr::widgets::versionString() + "\n" + cxr::widgets::libraryVersions());

  QCommandLineParser parser;
  parser.setApplicationDescription("Review, correct and validate chest X-ray segmentations (CheXmask landmarks).");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption db("db", "Review database to open (created when it does not exist).", "FILE");
  QCommandLineOption reader("reader", "Your reader name (shown in the title bar, stored with every edit).", "NAME");
  QCommandLineOption image("image", "Open this image (image ID as in the worklist, or database id).", "ID");
  QCommandLineOption demo("demo", "Open the bundled demo study and segment it in the background.");
  QCommandLineOption model("model", "Model weights for this session (default: the settings, else the bundled demo model).", "FILE");
  parser.addOptions({db, reader, image, demo, model});
  parser.addPositionalArgument("file",
                               "A review database (.cxrdb) to open, as --db; or an image (DICOM, PNG, JPEG, TIFF, BMP) to "
                               "show: it is added to the --db database, else to your opened-images database, and "
                               "segmented. The desktop entry opens files this way.",
                               "[FILE]");
  parser.process(app);
  const QStringList positional = parser.positionalArguments();
  const bool openingDatabase = positional.size() == 1 && cxr::widgets::OpenedImage::isReviewDatabase(positional.front().toStdString());
  if (positional.size() > 1 || (positional.size() == 1 && parser.isSet(demo)) || (openingDatabase && parser.isSet(db))) {
    std::fprintf(stderr, "chexreview: give at most one FILE (a review database or an image), not together with --demo, "
                         "and a database either as --db or as FILE\n");
    return 2;
  }
  const QString openedImageFile = positional.size() == 1 && !openingDatabase ? positional.front() : QString();

  cxr::widgets::MainWindow window;
  if (parser.isSet(model)) {
    cxr::widgets::ModelChoice choice = cxr::widgets::AppSettings::modelChoice();
    choice.weightsPath = parser.value(model).toStdString();
    window.setModelChoice(choice);
  }
  window.resize(1500, 950);
  window.show();

  QString name = parser.value(reader).trimmed();
  if (name.isEmpty() && parser.isSet(demo)) name = QStringLiteral("demo-reader");
  if (name.isEmpty()) {
    bool ok = false;
    name = QInputDialog::getText(&window, QObject::tr("Reader"), QObject::tr("Your name as a reader:"), QLineEdit::Normal,
                                 cxr::widgets::AppSettings::lastReader(), &ok).trimmed();
    if (!ok || name.isEmpty()) return 1;
  }
  cxr::widgets::AppSettings::setLastReader(name);

  // The demo study and an opened image file are prepared off the UI thread (a database file
  // is created or found, the image imported), then opened, segmented and shown.
  auto openPrepared = [&window, name](const QString& busy, const QString& errorTitle, std::function<QString()> prepare,
                                      QString showImage) {
    window.statusBar()->showMessage(busy);
    auto* watcher = new QFutureWatcher<QString>(&window);
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, &window, [&window, watcher, name, errorTitle, showImage] {
      const QString result = watcher->result();
      window.statusBar()->clearMessage();
      if (result.startsWith("error:")) {
        QMessageBox::critical(&window, errorTitle, result.mid(6));
        return;
      }
      const QString path = result.section('\n', 0, 0);
      const QString image = showImage.isEmpty() ? result.section('\n', 1) : showImage;
      window.openDatabase(path, name);
      QObject::connect(&window.session(), &cxr::widgets::ReviewSession::databaseOpened, &window,
                       [&window](bool ok) { if (ok) window.segmentUnsegmented(); }, Qt::SingleShotConnection);
      window.openImage(image);
    });
    watcher->setFuture(QtConcurrent::run([prepare]() -> QString {
      try {
        return prepare();
      } catch (const std::exception& e) {
        return QStringLiteral("error:") + QString::fromStdString(e.what());
      }
    }));
  };
  const QString dataFolder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);

  if (parser.isSet(demo)) {
    const QString folder = qEnvironmentVariableIsSet("CXR_DEMO_DIR") ? qEnvironmentVariable("CXR_DEMO_DIR") : dataFolder + "/demo";
    const QString bundled = cxr::widgets::AppSettings::bundledDemoFolder();
    openPrepared(QObject::tr("Preparing the demo study in %1…").arg(folder), QObject::tr("Demo"),
                 [folder, bundled] {
                   QDir().mkpath(folder);
                   return QString::fromStdString(cxr::widgets::DemoData::prepare(folder.toStdString(), bundled.toStdString()));
                 },
                 parser.isSet(image) ? parser.value(image) : QStringLiteral("wikimedia_cc0_pa_chest.jpg"));
  } else if (!openedImageFile.isEmpty()) {
    const QString database = parser.isSet(db) ? parser.value(db)
                                              : QString::fromStdString(cxr::widgets::OpenedImage::defaultDatabase(dataFolder.toStdString()));
    openPrepared(QObject::tr("Adding %1 to %2…").arg(openedImageFile, database), QObject::tr("Open image"),
                 [database, openedImageFile] {
                   const std::string id = cxr::widgets::OpenedImage::import(database.toStdString(), openedImageFile.toStdString());
                   return database + "\n" + QString::fromStdString(id);
                 },
                 QString());
  } else {
    QString path = positional.isEmpty() ? parser.value(db) : positional.front();
    if (path.isEmpty()) {
      const auto answer = QMessageBox::question(&window, QObject::tr("CheXReview"),
                                                QObject::tr("No review database was given. Create a new one?\n"
                                                            "(No opens an existing one.)"),
                                                QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel);
      if (answer == QMessageBox::Cancel) return 1;
      path = answer == QMessageBox::Yes
                 ? QFileDialog::getSaveFileName(&window, QObject::tr("New review database"), "study.cxrdb",
                                                QObject::tr("Review databases (*.cxrdb *.db)"))
                 : QFileDialog::getOpenFileName(&window, QObject::tr("Open review database"), QString(),
                                                QObject::tr("Review databases (*.cxrdb *.db);;All files (*)"));
      if (path.isEmpty()) return 1;
    }
    window.openDatabase(path, name);
    if (parser.isSet(image)) window.openImage(parser.value(image));
  }
  return app.exec();
}
