// MainWindow's menu commands that open dialogs (split from MainWindow.cpp to keep files short).
#include "ui/widgets/MainWindow.h"

#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/AppSettings.h"
#include "ui/widgets/FineTuneDialog.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/SettingsDialog.h"
#include "ui/widgets/ShortcutHelpDialog.h"
#include "ui/widgets/VersionInfo.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QInputDialog>
#include <QLocale>
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

void MainWindow::showComputeRca() {
  if (!m_session->databaseOpen() || !m_session->writable()) {
    QMessageBox::information(this, tr("Compute RCA"), tr("Open a writable review database first."));
    return;
  }
  if (m_jobs->running()) {
    statusBar()->showMessage(tr("A background job is running; wait or cancel it (Ctrl+.)"), 4000);
    return;
  }
  QSettings settings;
  const QString dir = QFileDialog::getExistingDirectory(
      this, tr("Reference set (a folder made by chexreview-cli refset build; it must match the model)"),
      settings.value("rca/refset").toString());
  if (dir.isEmpty()) return;
  settings.setValue("rca/refset", dir);
  m_jobs->rca(m_session->databasePath(), dir, m_model);
}

void MainWindow::showFineTune() {
  if (!m_session->databaseOpen() || !m_session->writable()) {
    QMessageBox::information(this, tr("Fine-tune"), tr("Open a writable review database first."));
    return;
  }
  if (m_session->reader().isEmpty()) {
    QMessageBox::information(this, tr("Fine-tune"), tr("Choose a reader first: their corrections are the ground truth."));
    return;
  }
  if (m_jobs->running()) {
    statusBar()->showMessage(tr("A background job is running; wait or cancel it (Ctrl+.)"), 4000);
    return;
  }
  const QSettings settings;
  engine::FineTuneOptions o;
  o.reader = m_session->reader().toStdString();
  o.baseModelPath = m_model.weightsPath;  // the active model
  o.bundledModelPath = AppSettings::bundledModelPath().toStdString();
  o.outputDir = engine::FineTuneJob::defaultOutputDir(
      QFileInfo(m_session->databasePath()).absolutePath().toStdString(), o.reader);
  o.params.epochs = std::max(1, settings.value("finetune/epochs", 10).toInt());
  o.params.threads = m_model.threads > 0 ? m_model.threads : 2;
  o.params.device = m_model.device;
  m_jobs->fineTune(m_session->databasePath(), std::move(o));
}

void MainWindow::showFineTuneResult() {
  const std::optional<engine::FineTuneResult>& r = m_jobs->lastFineTune();
  if (!r) return;
  auto* dialog = new FineTuneDialog(*r, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  const std::string path = r->modelPath, name = r->modelName;
  connect(dialog, &QDialog::accepted, this, [this, path, name] {
    m_model.weightsPath = path;
    AppSettings::setModelChoice(m_model);
    statusBar()->showMessage(tr("Active model: %1").arg(QString::fromStdString(name)), 6000);
  });
  dialog->open();
}

void MainWindow::showExport() {
  if (!m_session->databaseOpen() || !m_session->writable()) {
    QMessageBox::information(this, tr("Export"), tr("Open a writable review database first (every export is audited)."));
    return;
  }
  if (m_jobs->running()) {
    statusBar()->showMessage(tr("A background job is running; wait or cancel it (Ctrl+.)"), 4000);
    return;
  }
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export validated segmentations"));
  auto* form = new QFormLayout(&dialog);
  auto* reader = new QLineEdit(m_session->reader().isEmpty() ? QStringLiteral("chexmask") : m_session->reader());
  auto* consensus = new QCheckBox(tr("newest consensus version of each image"));
  auto* status = new QComboBox;
  status->addItems({"validated", "any", "accepted", "corrected", "pending", "rejected", "flagged_ood"});
  auto* space = new QComboBox;
  space->addItems({"model", "original", "stored"});
  auto* dataset = new QLineEdit;
  dataset->setPlaceholderText(tr("all datasets"));
  auto* worklist = new QLineEdit;
  worklist->setPlaceholderText(tr("no worklist filter"));
  auto* minRca = new QLineEdit;
  minRca->setPlaceholderText(tr("e.g. 0.7 (empty: no threshold)"));
  auto pathRow = [&](QLineEdit* edit, bool folder, const QString& title) {
    auto* row = new QWidget;
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(tr("Browse…"));
    h->addWidget(edit);
    h->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, &dialog, [this, edit, folder, title] {
      const QString p = folder ? QFileDialog::getExistingDirectory(this, title)
                               : QFileDialog::getSaveFileName(this, title, QString(), tr("CSV (*.csv *.csv.gz)"));
      if (!p.isEmpty()) edit->setText(p);
    });
    return row;
  };
  auto* csv = new QLineEdit;
  auto* perImage = new QLineEdit;
  auto* seg = new QLineEdit;
  auto* deid = new QLineEdit;
  form->addRow(tr("Reader"), reader);
  form->addRow(QString(), consensus);
  form->addRow(tr("Review status"), status);
  form->addRow(tr("Dataset"), dataset);
  form->addRow(tr("Worklist"), worklist);
  form->addRow(tr("Dice RCA (Mean) at least"), minRca);
  form->addRow(tr("Space"), space);
  form->addRow(tr("CheXmask CSV (.csv/.csv.gz)"), pathRow(csv, false, tr("CheXmask CSV")));
  form->addRow(tr("Per-image folder"), pathRow(perImage, true, tr("Folder for masks, label maps, overlays")));
  form->addRow(tr("DICOM SEG folder"), pathRow(seg, true, tr("Folder for DICOM SEG files")));
  form->addRow(tr("De-identify: mapping file"), pathRow(deid, false, tr("Mapping file (original -> exported)")));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;
  interop::ExportRequest req;
  req.filter.consensus = consensus->isChecked();
  req.filter.reader = reader->text().trimmed().toStdString();
  req.filter.status = interop::statusFilterFromString(status->currentText().toStdString());
  if (req.filter.consensus && req.filter.reader.empty()) req.filter.status = interop::StatusFilter::Any;
  req.filter.dataset = dataset->text().trimmed().toStdString();
  req.filter.worklist = worklist->text().trimmed().toStdString();
  if (!minRca->text().trimmed().isEmpty()) {
    bool ok = false;
    const double v = QLocale::c().toDouble(minRca->text().trimmed(), &ok);
    if (!ok) {
      QMessageBox::warning(this, tr("Export"), tr("'%1' is not a number").arg(minRca->text()));
      return;
    }
    req.filter.minRcaMean = v;
  }
  req.space = space->currentText() == "original" ? interop::CsvSpace::Original
              : space->currentText() == "stored" ? interop::CsvSpace::Stored : interop::CsvSpace::Model;
  req.csvPath = csv->text().trimmed().toStdString();
  req.perImageDir = perImage->text().trimmed().toStdString();
  req.dicomSegDir = seg->text().trimmed().toStdString();
  req.deidentifyMapPath = deid->text().trimmed().toStdString();
  req.who = m_session->reader().toStdString();
  req.softwareVersion = versionString().toStdString();
  if (req.csvPath.empty() && req.perImageDir.empty() && req.dicomSegDir.empty()) {
    QMessageBox::information(this, tr("Export"), tr("Choose a CSV file, a per-image folder or a DICOM SEG folder."));
    return;
  }
  m_jobs->exportValidated(m_session->databasePath(), req);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About CheXReview"),
                     tr("<b>CheXReview</b> %1<br>Review, correct and validate chest X-ray segmentations "
                        "(CheXmask landmarks).<br><br><small>%2</small>")
                         .arg(versionString(), libraryVersions().toHtmlEscaped().replace('\n', "<br>")));
}

}  // namespace cxr::widgets
