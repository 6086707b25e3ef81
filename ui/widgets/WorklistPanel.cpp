#include "ui/widgets/WorklistPanel.h"

#include "ui/widgets/WorklistTableModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cxr::widgets {

WorklistPanel::WorklistPanel(WorklistTableModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* row0 = new QHBoxLayout;
  m_named = new QComboBox;
  m_named->setObjectName("namedWorklist");
  m_named->setToolTip(tr("Show all images, or one named worklist (a review sample, a manual list) in its order"));
  m_named->addItem(tr("All images"), qint64(0));
  row0->addWidget(m_named, 1);
  layout->addLayout(row0);
  auto* row1 = new QHBoxLayout;
  m_search = new QLineEdit;
  m_search->setObjectName("worklistSearch");
  m_search->setPlaceholderText(tr("Search image ID (Ctrl+F)"));
  m_search->setClearButtonEnabled(true);
  m_dataset = new QComboBox;
  m_dataset->setObjectName("datasetFilter");
  m_dataset->addItem(tr("All datasets"));
  row1->addWidget(m_search, 2);
  row1->addWidget(m_dataset, 1);
  layout->addLayout(row1);

  auto* row2 = new QHBoxLayout;
  m_status = new QComboBox;
  m_status->setObjectName("statusFilter");
  m_status->addItem(tr("Any status"), -1);
  m_status->addItem(tr("Pending"), int(store::ReviewStatus::Pending));
  m_status->addItem(tr("Accepted"), int(store::ReviewStatus::Accepted));
  m_status->addItem(tr("Corrected"), int(store::ReviewStatus::Corrected));
  m_status->addItem(tr("Rejected"), int(store::ReviewStatus::Rejected));
  m_status->addItem(tr("Out of distribution"), int(store::ReviewStatus::FlaggedOod));
  m_rcaMax = new QDoubleSpinBox;
  m_rcaMax->setObjectName("rcaMaxFilter");
  m_rcaMax->setRange(0.0, 1.0);
  m_rcaMax->setSingleStep(0.05);
  m_rcaMax->setDecimals(2);
  m_rcaMax->setValue(1.0);
  m_rcaMax->setPrefix(tr("RCA mean ≤ "));
  m_rcaMax->setToolTip(tr("Show only images whose Dice RCA (Mean) is at most this (1.00: no RCA filter)"));
  m_errors = new QCheckBox(tr("Errors"));
  m_errors->setToolTip(tr("Only images with a recorded error"));
  row2->addWidget(m_status);
  row2->addWidget(m_rcaMax);
  row2->addWidget(m_errors);
  layout->addLayout(row2);

  m_table = new QTableView;
  m_table->setObjectName("worklistTable");
  m_table->setModel(model);
  m_table->setSortingEnabled(true);
  m_table->sortByColumn(WorklistTableModel::ImageId, Qt::AscendingOrder);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  // Image ids are often paths ("synthetic-png/a0003.png"): keep both ends, the file name shows.
  m_table->setTextElideMode(Qt::ElideMiddle);
  m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->horizontalHeader()->setSectionsMovable(true);
  m_table->horizontalHeader()->setContextMenuPolicy(Qt::ActionsContextMenu);
  for (int c = 0; c < WorklistTableModel::ColumnCount; ++c) {
    auto* toggle = new QAction(model->headerData(c, Qt::Horizontal).toString(), m_table->horizontalHeader());
    toggle->setCheckable(true);
    toggle->setChecked(true);
    connect(toggle, &QAction::toggled, this, [this, c](bool on) { m_table->setColumnHidden(c, !on); });
    m_table->horizontalHeader()->addAction(toggle);
  }
  const QFontMetrics fm = m_table->fontMetrics();
  m_table->setColumnWidth(WorklistTableModel::ImageId, fm.horizontalAdvance("00001437_024.png ⚠") + 16);
  m_table->setColumnWidth(WorklistTableModel::Dataset, fm.horizontalAdvance("ChestX-Ray8") + 16);
  m_table->setColumnWidth(WorklistTableModel::Status, fm.horizontalAdvance("Corrected (edited)") + 12);
  m_table->setColumnWidth(WorklistTableModel::Source, fm.horizontalAdvance("CheXmask CSV") + 16);
  for (int c : {WorklistTableModel::RcaMean, WorklistTableModel::RcaMax, WorklistTableModel::TrueDice})
    m_table->setColumnWidth(c, fm.horizontalAdvance("RCA mean") + 30);  // room for the sort arrow
  layout->addWidget(m_table, 1);
  m_count = new QLabel;
  m_count->setObjectName("worklistCount");
  layout->addWidget(m_count);

  connect(model, &WorklistTableModel::countChanged, this,
          [this](qint64 n) { m_count->setText(tr("%n image(s)", nullptr, int(n))); });
  auto* debounce = new QTimer(this);
  debounce->setSingleShot(true);
  debounce->setInterval(250);
  connect(debounce, &QTimer::timeout, this, [this] { applyFilter(m_reader); });
  connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
  connect(m_dataset, &QComboBox::currentIndexChanged, this, [this] { applyFilter(m_reader); });
  connect(m_named, &QComboBox::currentIndexChanged, this, [this] {
    // A named worklist opens in its own order; back to all images, the usual id order.
    store::WorklistSort sort = m_model->sortOrder();
    const bool named = m_named->currentData().toLongLong() > 0;
    if (named) sort = {store::WorklistColumn::Position, false};
    else if (sort.column == store::WorklistColumn::Position) sort = {};
    m_model->setSortOrder(sort);
    applyFilter(m_reader);
  });
  connect(m_status, &QComboBox::currentIndexChanged, this, [this] { applyFilter(m_reader); });
  connect(m_rcaMax, &QDoubleSpinBox::valueChanged, debounce, qOverload<>(&QTimer::start));
  connect(m_errors, &QCheckBox::toggled, this, [this] { applyFilter(m_reader); });
  connect(m_table, &QTableView::activated, this, [this](const QModelIndex& i) { Q_EMIT rowActivated(i.row()); });
  connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& i) { Q_EMIT rowActivated(i.row()); });
}

void WorklistPanel::applyFilter(const QString& reader) {
  m_reader = reader;
  store::WorklistFilter f;
  f.reader = reader.toStdString();
  if (m_dataset->currentIndex() > 0) f.dataset = m_dataset->currentText().toStdString();
  if (const qint64 w = m_named->currentData().toLongLong(); w > 0) f.worklistId = w;
  if (const int s = m_status->currentData().toInt(); s >= 0) f.statuses = {store::ReviewStatus(s)};
  if (m_rcaMax->value() < 1.0) f.rcaMax = m_rcaMax->value();
  if (m_errors->isChecked()) f.hasError = true;
  f.idContains = m_search->text().trimmed().toStdString();
  m_model->setFilter(f);
}

void WorklistPanel::setDatasets(const QStringList& names) {
  const QString current = m_dataset->currentText();
  QSignalBlocker block(m_dataset);
  m_dataset->clear();
  m_dataset->addItem(tr("All datasets"));
  m_dataset->addItems(names);
  const int i = m_dataset->findText(current);
  m_dataset->setCurrentIndex(i < 0 ? 0 : i);
}

void WorklistPanel::setNamedWorklists(const QList<QPair<qint64, QString>>& lists) {
  const qint64 current = m_named->currentData().toLongLong();
  QSignalBlocker block(m_named);
  m_named->clear();
  m_named->addItem(tr("All images"), qint64(0));
  for (const auto& [id, label] : lists) m_named->addItem(label, id);
  const int i = m_named->findData(current);
  m_named->setCurrentIndex(i < 0 ? 0 : i);
}

void WorklistPanel::showNamedWorklist(qint64 worklistId) {
  const int i = m_named->findData(worklistId);
  m_named->setCurrentIndex(i < 0 ? 0 : i);
}

std::vector<qint64> WorklistPanel::selectedImageIds() const {
  std::vector<qint64> ids;
  for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
    if (const auto* row = m_model->rowAt(i.row())) ids.push_back(row->imageId);
  return ids;
}

void WorklistPanel::selectRow(int row) {
  if (row < 0 || row >= m_model->rowCount()) return;
  const QModelIndex index = m_model->index(row, 0);
  m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  m_table->scrollTo(index);
}

}  // namespace cxr::widgets
