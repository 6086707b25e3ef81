#include "ui/widgets/SettingsDialog.h"

#include "core/store/Sha256.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/AppSettings.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace cxr::widgets {

SettingsDialog::SettingsDialog(ActionRegistry& actions, const QString& reader, QWidget* parent)
    : QDialog(parent), m_actions(actions), m_style(AppSettings::overlayStyle()) {
  setWindowTitle(tr("Settings"));
  setObjectName("settingsDialog");
  auto* tabs = new QTabWidget;
  auto* general = new QWidget;
  auto* form = new QFormLayout(general);
  const ModelChoice choice = AppSettings::modelChoice();
  m_model = new QLineEdit(QString::fromStdString(choice.weightsPath));
  auto* browse = new QPushButton(tr("Browse…"));
  auto* modelRow = new QHBoxLayout;
  modelRow->addWidget(m_model, 1);
  modelRow->addWidget(browse);
  form->addRow(tr("Model file"), modelRow);
  m_sha = new QLabel;
  m_sha->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_sha->setObjectName("modelSha256");
  form->addRow(tr("SHA-256"), m_sha);
  m_device = new QComboBox;
  m_device->addItems({"auto", "cpu", "cuda"});
  m_device->setCurrentText(QString::fromStdString(choice.device));
  form->addRow(tr("Device"), m_device);
  m_threads = new QSpinBox;
  m_threads->setRange(0, 256);
  m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
  m_threads->setValue(choice.threads);
  form->addRow(tr("Threads"), m_threads);
  m_reader = new QLineEdit(reader);
  form->addRow(tr("Reader"), m_reader);
  auto* colours = new QHBoxLayout;
  const char* organs[3] = {"Right lung", "Left lung", "Heart"};
  for (size_t i = 0; i < 3; ++i) {
    const char* name = organs[i];
    auto* b = new QPushButton(tr(name));
    b->setStyleSheet(QStringLiteral("background: %1").arg(m_style.organColours[i].name()));
    connect(b, &QPushButton::clicked, this, [this, b, i, name] {
      const QColor c = QColorDialog::getColor(m_style.organColours[i], this, tr(name));
      if (!c.isValid()) return;
      m_style.organColours[i] = c;
      b->setStyleSheet(QStringLiteral("background: %1").arg(c.name()));
    });
    colours->addWidget(b);
  }
  form->addRow(tr("Colours"), colours);
  auto* opacity = new QSpinBox;
  opacity->setObjectName("overlayOpacity");
  opacity->setRange(10, 100);
  opacity->setSuffix(" %");
  opacity->setValue(int(std::lround(m_style.opacity * 100)));
  connect(opacity, &QSpinBox::valueChanged, this, [this](int v) { m_style.opacity = v / 100.0; });
  form->addRow(tr("Contour opacity"), opacity);
  auto* fill = new QSpinBox;
  fill->setRange(5, 100);
  fill->setSuffix(" %");
  fill->setValue(int(std::lround(m_style.fillOpacity * 100)));
  connect(fill, &QSpinBox::valueChanged, this, [this](int v) { m_style.fillOpacity = v / 100.0; });
  form->addRow(tr("Filled-mask opacity (F)"), fill);
  tabs->addTab(general, tr("General"));

  m_shortcuts = new QTableWidget(int(ActionRegistry::specs().size()), 2);
  m_shortcuts->setHorizontalHeaderLabels({tr("Command"), tr("Shortcut")});
  int row = 0;
  for (const ActionSpec& spec : ActionRegistry::specs()) {
    auto* name = new QTableWidgetItem(actions.action(spec.id)->text());
    name->setFlags(Qt::ItemIsEnabled);
    name->setData(Qt::UserRole, QString::fromLatin1(spec.id));
    m_shortcuts->setItem(row, 0, name);
    m_shortcuts->setCellWidget(row, 1, new QKeySequenceEdit(actions.action(spec.id)->shortcut()));
    ++row;
  }
  m_shortcuts->horizontalHeader()->setStretchLastSection(true);
  m_shortcuts->resizeColumnToContents(0);
  tabs->addTab(m_shortcuts, tr("Shortcuts"));

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Model weights"), m_model->text(), tr("Weights (*.pt *.pth);;All files (*)"));
    if (!f.isEmpty()) m_model->setText(f);
  });
  connect(m_model, &QLineEdit::editingFinished, this, &SettingsDialog::hashModel);
  connect(m_model, &QLineEdit::textChanged, this, &SettingsDialog::hashModel);
  hashModel();
  resize(640, 480);
}

void SettingsDialog::hashModel() {
  const std::string path = m_model->text().toStdString();
  m_sha->setText(tr("computing…"));
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
    watcher->deleteLater();
    if (m_model->text().toStdString() == path) m_sha->setText(watcher->result());
  });
  watcher->setFuture(QtConcurrent::run([path]() -> QString {
    try {
      return QString::fromStdString(store::Sha256::ofFile(path));
    } catch (const std::exception& e) {
      return QString::fromStdString(e.what());
    }
  }));
}

ModelChoice SettingsDialog::modelChoice() const {
  ModelChoice c;
  c.weightsPath = m_model->text().toStdString();
  c.device = m_device->currentText().toStdString();
  c.threads = m_threads->value();
  return c;
}

QString SettingsDialog::reader() const { return m_reader->text().trimmed(); }

void SettingsDialog::apply() {
  AppSettings::setModelChoice(modelChoice());
  AppSettings::setOverlayStyle(m_style);
  if (!reader().isEmpty()) AppSettings::setLastReader(reader());
  for (int row = 0; row < m_shortcuts->rowCount(); ++row) {
    const QString id = m_shortcuts->item(row, 0)->data(Qt::UserRole).toString();
    auto* edit = static_cast<QKeySequenceEdit*>(m_shortcuts->cellWidget(row, 1));
    m_actions.setShortcut(id, edit->keySequence());
  }
}

}  // namespace cxr::widgets
