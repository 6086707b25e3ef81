#include "ui/widgets/AgreementDialog.h"

#include "ui/widgets/BoxPlotWidget.h"

#include "core/store/ConsensusBuilder.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ReaderAgreement.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/ReviewStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <memory>

namespace cxr::widgets {

namespace {

QString num(double v, int decimals) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', decimals); }

struct Loaded {
  QStringList readers, datasets;
  QString error;
};

struct Outcome {
  std::shared_ptr<store::AgreementResult> agreement;
  QString message;
  bool ok = false;
};

QTableWidgetItem* cell(const QString& text, bool number = false) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

AgreementDialog::AgreementDialog(const QString& databasePath, const QString& viewer, QWidget* parent)
    : QDialog(parent), m_path(databasePath), m_viewer(viewer) {
  setObjectName("agreementDialog");
  setWindowTitle(tr("Reader agreement"));
  resize(980, 680);
  auto* layout = new QVBoxLayout(this);
  buildControls(layout);
  buildTables(layout);
  auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(close);
  setBusy(true);
  loadReaders();
}

void AgreementDialog::buildControls(QVBoxLayout* layout) {
  auto* form = new QFormLayout;
  m_readerA = new QComboBox;
  m_readerA->setObjectName("readerA");
  m_readerB = new QComboBox;
  m_readerB->setObjectName("readerB");
  m_dataset = new QComboBox;
  m_dataset->setObjectName("agreementDataset");
  form->addRow(tr("Reader A (reference)"), m_readerA);
  form->addRow(tr("Reader B"), m_readerB);
  form->addRow(tr("Dataset"), m_dataset);
  layout->addLayout(form);
  auto* buttons = new QHBoxLayout;
  m_compute = new QPushButton(tr("Compute agreement"));
  m_compute->setObjectName("computeAgreement");
  m_consensus = new QPushButton(tr("Store consensus (mean)"));
  m_consensus->setObjectName("storeConsensus");
  m_consensus->setToolTip(tr("Store the per-landmark mean of the two readers' versions as consensus versions "
                             "(reader \"consensus\"); an adjudicator opens and edits them like any version"));
  m_progressBar = new QProgressBar;
  m_progressBar->setObjectName("agreementProgress");
  m_progressBar->hide();
  m_cancel = new QPushButton(tr("Cancel"));
  m_cancel->setObjectName("cancelAgreement");
  m_cancel->hide();
  m_poll = new QTimer(this);
  m_poll->setInterval(200);
  connect(m_poll, &QTimer::timeout, this, [this] {
    if (!m_progress) return;
    m_progressBar->setMaximum(int(std::max(1LL, m_progress->total.load())));
    m_progressBar->setValue(int(m_progress->done.load()));
  });
  connect(m_cancel, &QPushButton::clicked, this, [this] {
    if (m_progress) m_progress->cancel = true;
    m_status->setText(tr("Cancelling…"));
  });
  buttons->addWidget(m_compute);
  buttons->addWidget(m_consensus);
  buttons->addWidget(m_progressBar, 1);
  buttons->addWidget(m_cancel);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  m_status = new QLabel(tr("Loading readers…"));
  m_status->setObjectName("agreementStatus");
  m_status->setWordWrap(true);
  layout->addWidget(m_status);
  connect(m_compute, &QPushButton::clicked, this, &AgreementDialog::compute);
  connect(m_consensus, &QPushButton::clicked, this, &AgreementDialog::storeConsensus);
}

void AgreementDialog::buildTables(QVBoxLayout* layout) {
  auto* split = new QSplitter(Qt::Vertical);
  m_summary = new QTableWidget(0, 8);
  m_summary->setObjectName("agreementSummary");
  m_summary->setHorizontalHeaderLabels(
      {tr("Dataset"), tr("Metric"), tr("n"), tr("Mean"), tr("Median"), tr("IQR"), tr("Q1"), tr("Q3")});
  m_summary->verticalHeader()->hide();
  m_summary->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_images = new QTableWidget(0, 2 + store::kAgreementMetricCount);
  m_images->setObjectName("agreementImages");
  QStringList header{tr("Dataset"), tr("ImageID")};
  for (const char* name : store::agreementMetricNames()) header << tr(name);
  m_images->setHorizontalHeaderLabels(header);
  m_images->verticalHeader()->hide();
  m_images->setSortingEnabled(true);
  m_images->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* plotBox = new QWidget;
  auto* plotLayout = new QVBoxLayout(plotBox);
  plotLayout->setContentsMargins(0, 0, 0, 0);
  auto* metricRow = new QHBoxLayout;
  m_metric = new QComboBox;
  m_metric->setObjectName("boxPlotMetric");
  for (const char* name : store::agreementMetricNames()) m_metric->addItem(tr(name));
  m_metric->setCurrentIndex(2);  // Dice Heart: where readers differ most
  metricRow->addWidget(new QLabel(tr("Box plot of")));
  metricRow->addWidget(m_metric);
  metricRow->addStretch(1);
  plotLayout->addLayout(metricRow);
  m_boxPlot = new BoxPlotWidget;
  plotLayout->addWidget(m_boxPlot, 1);
  connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { updateBoxPlot(); });
  split->addWidget(m_summary);
  split->addWidget(plotBox);
  split->addWidget(m_images);
  layout->addWidget(split, 1);
}

void AgreementDialog::loadReaders() {
  const std::string path = m_path.toStdString();
  auto* watcher = new QFutureWatcher<Loaded>(this);
  connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
    watcher->deleteLater();
    const Loaded loaded = watcher->result();
    m_readerA->addItems(loaded.readers);
    m_readerB->addItems(loaded.readers);
    if (m_readerB->count() > 1) m_readerB->setCurrentIndex(1);
    m_dataset->addItem(tr("All datasets"));
    m_dataset->addItems(loaded.datasets);
    m_status->setText(loaded.error.isEmpty() ? tr("Choose two readers, then Compute.") : loaded.error);
    setBusy(!loaded.error.isEmpty());
    Q_EMIT readersLoaded();
  });
  watcher->setFuture(QtConcurrent::run([path] {
    Loaded out;
    try {
      store::StoreOptions ro;
      ro.readOnly = true;
      ro.create = false;
      store::ReviewStore s(path, ro);
      for (const store::ReaderRecord& r : store::ReaderAssignmentRepository(s.connection()).readers())
        out.readers << QString::fromStdString(r.name);
      out.readers << QString::fromLatin1(store::ReaderAgreement::kModelReader);
      for (const store::DatasetRecord& d : s.datasets().list()) out.datasets << QString::fromStdString(d.info.name);
    } catch (const std::exception& e) {
      out.error = QString::fromStdString(e.what());
    }
    return out;
  }));
}

AgreementDialog::~AgreementDialog() {
  if (m_progress) m_progress->cancel = true;
}

std::shared_ptr<AgreementDialog::Progress> AgreementDialog::startProgress() {
  if (m_progress) m_progress->cancel = true;
  m_progress = std::make_shared<Progress>();
  m_progressBar->setValue(0);
  m_progressBar->show();
  m_cancel->show();
  m_poll->start();
  return m_progress;
}

void AgreementDialog::setPlottedMetric(int metric) { m_metric->setCurrentIndex(metric); }

void AgreementDialog::updateBoxPlot() {
  if (!m_result) return;
  const int m = std::max(0, m_metric->currentIndex());
  std::vector<BoxPlotWidget::Group> groups;
  auto add = [&](const store::AgreementSummary& s) {
    BoxPlotWidget::Group g;
    g.name = s.dataset.empty() ? tr("All") : QString::fromStdString(s.dataset);
    g.summary = s.metrics[size_t(m)];
    for (const store::AgreementRow& row : m_result->rows)
      if (s.dataset.empty() || row.dataset == s.dataset) {
        const double v = store::metricValues(row.metrics)[size_t(m)];
        if (!std::isnan(v)) g.values.push_back(v);
      }
    groups.push_back(std::move(g));
  };
  for (const store::AgreementSummary& s : m_result->perDataset) add(s);
  if (m_result->perDataset.size() != 1) add(m_result->overall);
  m_boxPlot->setData(m_metric->currentText(), std::move(groups));
}

void AgreementDialog::setReaders(const QString& a, const QString& b) {
  m_readerA->setCurrentText(a);
  m_readerB->setCurrentText(b);
}

QString AgreementDialog::message() const { return m_status->text(); }

void AgreementDialog::setBusy(bool busy) {
  m_compute->setEnabled(!busy);
  m_consensus->setEnabled(!busy);
  if (!busy) {
    m_poll->stop();
    m_progressBar->hide();
    m_cancel->hide();
  }
}

void AgreementDialog::showAgreement(std::shared_ptr<store::AgreementResult> result) {
  m_result = std::move(result);
  const store::AgreementResult& r = *m_result;
  m_summary->setRowCount(0);
  auto addBlock = [this](const store::AgreementSummary& s) {
    for (int m = 0; m < store::kAgreementMetricCount; ++m) {
      const store::MetricSummary& x = s.metrics[size_t(m)];
      const int d = m < 3 ? 4 : 2;
      const int row = m_summary->rowCount();
      m_summary->insertRow(row);
      m_summary->setItem(row, 0, cell(s.dataset.empty() ? tr("All") : QString::fromStdString(s.dataset)));
      m_summary->setItem(row, 1, cell(tr(store::agreementMetricNames()[size_t(m)])));
      m_summary->setItem(row, 2, cell(QString::number(x.count), true));
      m_summary->setItem(row, 3, cell(num(x.mean, d), true));
      m_summary->setItem(row, 4, cell(num(x.median, d), true));
      m_summary->setItem(row, 5, cell(num(x.iqr(), d), true));
      m_summary->setItem(row, 6, cell(num(x.q1, d), true));
      m_summary->setItem(row, 7, cell(num(x.q3, d), true));
    }
  };
  for (const store::AgreementSummary& s : r.perDataset) addBlock(s);
  if (r.perDataset.size() != 1) addBlock(r.overall);
  m_images->setSortingEnabled(false);
  m_images->setRowCount(int(r.rows.size()));
  for (int i = 0; i < int(r.rows.size()); ++i) {
    const store::AgreementRow& row = r.rows[size_t(i)];
    m_images->setItem(i, 0, cell(QString::fromStdString(row.dataset)));
    m_images->setItem(i, 1, cell(QString::fromStdString(row.displayId)));
    const store::MetricValues values = store::metricValues(row.metrics);
    for (int m = 0; m < store::kAgreementMetricCount; ++m) {
      auto* item = cell(num(values[size_t(m)], m < 3 ? 4 : 2), true);
      item->setData(Qt::UserRole, values[size_t(m)]);
      m_images->setItem(i, 2 + m, item);
    }
  }
  m_images->setSortingEnabled(true);
  updateBoxPlot();
}

void AgreementDialog::compute() {
  const std::string path = m_path.toStdString(), viewer = m_viewer.toStdString();
  const std::string a = m_readerA->currentText().toStdString(), b = m_readerB->currentText().toStdString();
  const std::string dataset = m_dataset->currentIndex() > 0 ? m_dataset->currentText().toStdString() : "";
  setBusy(true);
  const std::shared_ptr<Progress> progress = startProgress();
  m_status->setText(tr("Comparing %1 with %2…").arg(m_readerA->currentText(), m_readerB->currentText()));
  auto* watcher = new QFutureWatcher<Outcome>(this);
  connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
    watcher->deleteLater();
    const Outcome out = watcher->result();
    setBusy(false);
    m_status->setText(out.message);
    if (out.ok) showAgreement(out.agreement);
    Q_EMIT finished(out.ok, out.message);
  });
  watcher->setFuture(QtConcurrent::run([path, viewer, a, b, dataset, progress] {
    Outcome out;
    try {
      store::StoreOptions open;
      open.create = false;
      store::ReviewStore s(path, open);  // comparisons are stored: a writing connection
      store::AgreementOptions options;
      options.viewer = viewer;
      options.progress = [progress](long long done, long long total) {
        progress->done = done;
        progress->total = total;
      };
      options.cancelled = [progress] { return progress->cancel.load(); };
      if (!dataset.empty()) options.dataset = dataset;
      out.agreement = std::make_shared<store::AgreementResult>(store::ReaderAgreement(s).compare(a, b, options));
      const store::AgreementResult& r = *out.agreement;
      out.message = QObject::tr("%1 (reference) vs %2: %3 images both read; %4 only by %1, %5 only by %2")
                        .arg(QString::fromStdString(a), QString::fromStdString(b))
                        .arg(r.rows.size()).arg(r.onlyA).arg(r.onlyB);
      if (r.hiddenForViewer > 0)
        out.message += QObject::tr("; %1 left out: blind review, you have not finished them").arg(r.hiddenForViewer);
      if (!r.skipped.empty()) out.message += QObject::tr("; %1 could not be compared").arg(r.skipped.size());
      if (r.cancelled) out.message += QObject::tr(" (cancelled: the images compared so far)");
      out.ok = true;
    } catch (const std::exception& e) {
      out.message = QString::fromStdString(e.what());
    }
    return out;
  }));
}

void AgreementDialog::storeConsensus() {
  const std::string path = m_path.toStdString();
  const std::vector<std::string> readers{m_readerA->currentText().toStdString(), m_readerB->currentText().toStdString()};
  const std::string dataset = m_dataset->currentIndex() > 0 ? m_dataset->currentText().toStdString() : "";
  setBusy(true);
  const std::shared_ptr<Progress> progress = startProgress();
  m_status->setText(tr("Storing the consensus…"));
  auto* watcher = new QFutureWatcher<Outcome>(this);
  connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
    watcher->deleteLater();
    const Outcome out = watcher->result();
    setBusy(false);
    m_status->setText(out.message);
    Q_EMIT finished(out.ok, out.message);
  });
  watcher->setFuture(QtConcurrent::run([path, readers, dataset, progress] {
    Outcome out;
    try {
      store::StoreOptions open;
      open.create = false;
      store::ReviewStore s(path, open);
      store::ConsensusOptions options;
      if (!dataset.empty()) options.dataset = dataset;
      options.progress = [progress](long long done, long long total) {
        progress->done = done;
        progress->total = total;
      };
      options.cancelled = [progress] { return progress->cancel.load(); };
      const store::ConsensusResult r = store::ConsensusBuilder(s).build(readers, options);
      out.message = QObject::tr("Consensus (mean) of %1 and %2: %3 images, %4 new consensus versions, %5 already stored")
                        .arg(QString::fromStdString(readers[0]), QString::fromStdString(readers[1]))
                        .arg(r.images).arg(r.created).arg(r.existing);
      if (!r.skipped.empty()) out.message += QObject::tr(", %1 skipped").arg(r.skipped.size());
      if (r.cancelled) out.message += QObject::tr(" (cancelled; run it again to finish)");
      out.ok = true;
    } catch (const std::exception& e) {
      out.message = QString::fromStdString(e.what());
    }
    return out;
  }));
}

}  // namespace cxr::widgets
