// MainWindow's menu commands that open dialogs (split from MainWindow.cpp to keep files short).
#include "ui/widgets/MainWindow.h"

#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/AppSettings.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/SettingsDialog.h"
#include "ui/widgets/ShortcutHelpDialog.h"
#include "ui/widgets/VersionInfo.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace cxr::widgets {

void MainWindow::chooseDatabase(bool create) {
  const QString path = create
      ? QFileDialog::getSaveFileName(this, tr("New review database"), QString(), tr("Review databases (*.cxrdb *.db)"))
      : QFileDialog::getOpenFileName(this, tr("Open review database"), QString(), tr("Review databases (*.cxrdb *.db);;All files (*)"));
  if (path.isEmpty()) return;
  QString reader = m_session->reader();
  if (reader.isEmpty()) reader = QInputDialog::getText(this, tr("Reader"), tr("Your name as a reader:"), QLineEdit::Normal, AppSettings::lastReader());
  if (reader.trimmed().isEmpty()) return;
  AppSettings::setLastReader(reader.trimmed());
  openDatabase(path, reader.trimmed());
}

void MainWindow::showShortcutHelp() {
  auto* dialog = new ShortcutHelpDialog(*m_actions, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void MainWindow::showSettings() {
  auto* dialog = new SettingsDialog(*m_actions, m_session->reader(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    dialog->apply();
    m_model = dialog->modelChoice();
    m_view->setOverlayStyle(dialog->overlayStyle());
    if (!dialog->reader().isEmpty() && dialog->reader() != m_session->reader() && m_session->databaseOpen())
      openDatabase(m_session->databasePath(), dialog->reader());
    const QStringList clashes = m_actions->conflicts();
    if (!clashes.isEmpty())
      QMessageBox::warning(this, tr("Shortcuts"), tr("These shortcuts are used twice:\n%1").arg(clashes.join('\n')));
  });
  dialog->open();
}

void MainWindow::showImport() {
  if (!m_session->databaseOpen() || !m_session->writable()) {
    QMessageBox::information(this, tr("Import"), tr("Open a writable review database first."));
    return;
  }
  if (m_jobs->running()) {
    statusBar()->showMessage(tr("A background job is running; wait or cancel it (Ctrl+.)"), 4000);
    return;
  }
  QMessageBox choose(QMessageBox::Question, tr("Import"), tr("What do you want to import?"), QMessageBox::Cancel, this);
  QAbstractButton* folder = choose.addButton(tr("A folder of images…"), QMessageBox::AcceptRole);
  QAbstractButton* csv = choose.addButton(tr("CheXmask CSV files…"), QMessageBox::AcceptRole);
  choose.exec();
  if (choose.clickedButton() == folder) {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of DICOM / PNG / JPEG images"));
    if (!dir.isEmpty()) m_jobs->import(m_session->databasePath(), {dir}, {}, {});
  } else if (choose.clickedButton() == csv) {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("CheXmask CSV files (model and physician files)"), QString(),
                                                            tr("CheXmask CSV (*.csv *.csv.gz)"));
    if (files.isEmpty()) return;
    const QString root = QFileDialog::getExistingDirectory(this, tr("Folder the image IDs are relative to (Cancel: none)"));
    m_jobs->import(m_session->databasePath(), {}, files, root);
  }
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About CheXReview"),
                     tr("<b>CheXReview</b> %1<br>Review, correct and validate chest X-ray segmentations "
                        "(CheXmask landmarks).<br><br><small>%2</small>")
                         .arg(versionString(), libraryVersions().toHtmlEscaped().replace('\n', "<br>")));
}

}  // namespace cxr::widgets
