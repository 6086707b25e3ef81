#include "ui/widgets/ValidationDashboard.h"

#include "core/engine/EngineError.h"
#include "core/format/NumberText.h"
#include "core/store/Connection.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "ui/charts/FigurePainter.h"
#include "ui/charts/VtkChartWidget.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkDoubleArray.h>
#include <vtkIntArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkPlotPoints.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include <cmath>
#include <map>

namespace cxr::widgets {

namespace {

struct LoadResult {
  QStringList readers;
  QString reader;
  std::vector<engine::ValidationRow> rows;
  QString error;
};

// Readers whose own corrections are current on images that have a model version.
QStringList readersWithCorrections(store::ReviewStore& s) {
  store::Statement st(s.connection(),
                      "SELECT DISTINCT r.name FROM reader_state rs JOIN readers r ON r.id = rs.reader_id "
                      "JOIN image_summary i ON i.image_id = rs.image_id WHERE rs.current_source = 2 "
                      "AND i.model_version_id IS NOT NULL ORDER BY r.name");
  QStringList out;
  while (st.step()) out << QString::fromStdString(st.textAt(0));
  return out;
}

LoadResult load(const QString& path, const QString& wanted, engine::CancellationToken cancel) {
  LoadResult r;
  try {
    store::ReviewStore s(path.toStdString());
    r.readers = readersWithCorrections(s);
    r.reader = r.readers.contains(wanted) ? wanted : (r.readers.isEmpty() ? QString() : r.readers.front());
    if (r.reader.isEmpty()) {
      r.error = QObject::tr("No reader has corrected a model segmentation in this database yet");
      return r;
    }
    engine::ValidationOptions o;
    o.reader = r.reader.toStdString();
    o.cancel = cancel;
    r.rows = engine::Validation::collect(s, o);
  } catch (const std::exception& e) {
    r.error = QString::fromStdString(e.what());
  }
  return r;
}

vtkSmartPointer<vtkTable> xyTable(const std::vector<double>& x, const std::vector<double>& y) {
  auto t = vtkSmartPointer<vtkTable>::New();
  vtkNew<vtkDoubleArray> xs, ys;
  xs->SetName("x");
  ys->SetName("y");
  t->AddColumn(xs);
  t->AddColumn(ys);
  t->SetNumberOfRows(vtkIdType(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    t->SetValue(vtkIdType(i), 0, x[i]);
    t->SetValue(vtkIdType(i), 1, y[i]);
  }
  return t;
}

QString fixed(const std::optional<double>& v, int digits) {
  return v ? QString::fromStdString(format::NumberText::fixed(*v, digits)) : QStringLiteral("n/a");
}

QString cell(double v) {
  return std::isnan(v) ? QString() : QString::fromStdString(format::NumberText::fixed(v, 4));
}

}  // namespace

ValidationDashboard::ValidationDashboard(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Validation: RCA against the readers' corrections"));
  buildUi();
}

ValidationDashboard::~ValidationDashboard() { m_cancel.cancel(); }

void ValidationDashboard::buildUi() {
  auto* layout = new QVBoxLayout(this);
  auto* filters = new QHBoxLayout;
  m_readerBox = new QComboBox;
  m_readerBox->setObjectName("validationReader");
  m_datasetBox = new QComboBox;
  m_datasetBox->setObjectName("validationDataset");
  m_organBox = new QComboBox;
  m_organBox->setObjectName("validationOrgan");
  m_organBox->addItem(tr("Lungs + heart (Dice GT)"), int(engine::ValidationOrgan::Combined));
  m_organBox->addItem(tr("Lungs"), int(engine::ValidationOrgan::Lungs));
  m_organBox->addItem(tr("Heart"), int(engine::ValidationOrgan::Heart));
  m_datasetBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_datasetBox->setMinimumContentsLength(14);
  m_rcaBox = new QComboBox;
  m_rcaBox->setObjectName("validationRca");
  m_rcaBox->addItem(tr("RCA Max"), int(engine::RcaKind::Max));
  m_rcaBox->addItem(tr("RCA Mean"), int(engine::RcaKind::Mean));
  auto* csv = new QPushButton(tr("Export table…"));
  auto* figs = new QPushButton(tr("Export figures…"));
  for (auto [label, w] : {std::pair<QString, QWidget*>{tr("Reader"), m_readerBox}, {tr("Dataset"), m_datasetBox},
                          {tr("Organ"), m_organBox}, {tr("x axis"), m_rcaBox}}) {
    filters->addWidget(new QLabel(label));
    filters->addWidget(w);
  }
  filters->addStretch(1);
  filters->addWidget(csv);
  filters->addWidget(figs);
  layout->addLayout(filters);
  m_stats = new QLabel;
  m_stats->setObjectName("validationStats");
  m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_status = new QLabel;
  m_status->setObjectName("validationStatus");
  layout->addWidget(m_stats);
  layout->addWidget(m_status);
  auto* split = new QSplitter(Qt::Vertical);
  auto* charts = new QSplitter(Qt::Horizontal);
  m_scatter = new charts::VtkChartWidget;
  m_scatter->setObjectName("validationScatter");
  m_histogram = new charts::VtkChartWidget;
  m_histogram->setObjectName("validationHistogram");
  charts->addWidget(m_scatter);
  charts->addWidget(m_histogram);
  charts->setSizes({600, 500});
  m_table = new QTableWidget;
  m_table->setObjectName("validationTable");
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSortingEnabled(false);
  split->addWidget(charts);
  split->addWidget(m_table);
  split->setSizes({520, 260});
  layout->addWidget(split, 1);

  connect(m_readerBox, &QComboBox::currentTextChanged, this, [this](const QString& r) {
    if (!m_updatingBoxes && !r.isEmpty()) startLoad(r);
  });
  for (QComboBox* box : {m_datasetBox, m_organBox, m_rcaBox})
    connect(box, &QComboBox::currentIndexChanged, this, [this] {
      if (!m_updatingBoxes) applyFilters();
    });
  connect(m_scatter, &charts::VtkChartWidget::pointClicked, this, [this](int index) {
    if (index < 0 || std::size_t(index) >= m_pointRows.size()) return;
    const auto& row = m_shown[m_pointRows[std::size_t(index)]];
    Q_EMIT openImageRequested(row.imageId, QString::fromStdString(row.displayId));
  });
  connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int r, int) {
    if (r < 0 || std::size_t(r) >= m_shown.size()) return;
    Q_EMIT openImageRequested(m_shown[std::size_t(r)].imageId, QString::fromStdString(m_shown[std::size_t(r)].displayId));
  });
  connect(csv, &QPushButton::clicked, this, [this] { chooseCsvExport(); });
  connect(figs, &QPushButton::clicked, this, [this] { chooseFigureExport(); });

  // The charts' look (axes, fonts); the plots are replaced on every update.
  for (charts::VtkChartWidget* w : {m_scatter, m_histogram}) {
    vtkChartXY* c = w->chart();
    c->SetShowLegend(true);
    c->GetTitleProperties()->SetFontSize(14);
    c->GetTitleProperties()->SetBold(true);
    c->SetAutoAxes(false);
  }
  // The points gather in the upper right (good segmentations): the legend goes lower right.
  m_scatter->chart()->GetLegend()->SetHorizontalAlignment(vtkChartLegend::RIGHT);
  m_scatter->chart()->GetLegend()->SetVerticalAlignment(vtkChartLegend::BOTTOM);
  m_histogram->chart()->GetLegend()->SetHorizontalAlignment(vtkChartLegend::LEFT);
  m_histogram->chart()->GetLegend()->SetVerticalAlignment(vtkChartLegend::TOP);
  m_scatter->chart()->GetAxis(vtkAxis::BOTTOM)->SetTitle("Dice RCA (Max)");
  m_scatter->chart()->GetAxis(vtkAxis::LEFT)->SetTitle("Dice GT");
  m_histogram->chart()->GetAxis(vtkAxis::BOTTOM)->SetTitle("Dice RCA (Max)");
  m_histogram->chart()->GetAxis(vtkAxis::LEFT)->SetTitle("images");
  m_histogram->chart()->SetBarWidthFraction(0.9f);
}

void ValidationDashboard::open(const QString& dbPath, const QString& reader) {
  m_dbPath = dbPath;
  startLoad(reader);
}

void ValidationDashboard::reload() { startLoad(m_readerBox->currentText()); }

void ValidationDashboard::setReader(const QString& reader) { m_readerBox->setCurrentText(reader); }

void ValidationDashboard::setDataset(const QString& dataset) {
  const int i = dataset.isEmpty() ? 0 : m_datasetBox->findText(dataset);
  if (i >= 0) m_datasetBox->setCurrentIndex(i);
}

void ValidationDashboard::setOrgan(engine::ValidationOrgan organ) {
  m_organBox->setCurrentIndex(m_organBox->findData(int(organ)));
}

void ValidationDashboard::setRcaKind(engine::RcaKind kind) { m_rcaBox->setCurrentIndex(m_rcaBox->findData(int(kind))); }

void ValidationDashboard::startLoad(const QString& reader) {
  if (m_dbPath.isEmpty()) return;
  m_cancel.cancel();
  m_cancel = engine::CancellationToken();
  m_loading = true;
  const int generation = ++m_generation;
  m_status->setText(tr("Comparing the model with the corrections…"));
  auto* watcher = new QFutureWatcher<LoadResult>(this);
  connect(watcher, &QFutureWatcher<LoadResult>::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != m_generation) return;  // a newer load replaced this one
    LoadResult r = watcher->result();
    m_loading = false;
    m_updatingBoxes = true;
    m_readerBox->clear();
    m_readerBox->addItems(r.readers);
    m_readerBox->setCurrentText(r.reader);
    const QString dataset = m_datasetBox->currentIndex() > 0 ? m_datasetBox->currentText() : QString();
    m_datasetBox->clear();
    m_datasetBox->addItem(tr("All datasets"));
    std::map<std::string, int> names;
    for (const auto& row : r.rows) names[row.dataset] = 1;
    for (const auto& [name, one] : names) m_datasetBox->addItem(QString::fromStdString(name));
    m_updatingBoxes = false;
    setDataset(dataset);
    m_rows = std::move(r.rows);
    m_status->setText(r.error);
    applyFilters();
    Q_EMIT loaded(r.error);
  });
  watcher->setFuture(QtConcurrent::run(load, m_dbPath, reader, m_cancel));
}

void ValidationDashboard::applyFilters() {
  const QString dataset = m_datasetBox->currentIndex() > 0 ? m_datasetBox->currentText() : QString();
  m_shown.clear();
  for (const auto& r : m_rows)
    if (dataset.isEmpty() || QString::fromStdString(r.dataset) == dataset) m_shown.push_back(r);
  const auto organ = engine::ValidationOrgan(m_organBox->currentData().toInt());
  m_summary = engine::Validation::summarize(m_shown, m_readerBox->currentText().toStdString(), organ);
  const bool useMax = engine::RcaKind(m_rcaBox->currentData().toInt()) == engine::RcaKind::Max;
  const auto& a = useMax ? m_summary.overall.rcaMax : m_summary.overall.rcaMean;
  QString text = tr("%1 images  |  %2: Pearson r %3, Spearman rho %4, MAE %5")
                     .arg(m_summary.overall.n)
                     .arg(useMax ? tr("RCA Max") : tr("RCA Mean"))
                     .arg(fixed(a.pearson, 3), fixed(a.spearman, 3), fixed(a.mae, 4));
  if (a.line)
    text += tr(", fit: true Dice = %1 x RCA %2 %3")
                .arg(fixed(a.line->slope, 3), a.line->intercept < 0 ? "-" : "+",
                     fixed(std::fabs(a.line->intercept), 3));
  m_stats->setText(text);
  updateScatter();
  updateHistograms();
  updateTable();
}

void ValidationDashboard::updateScatter() {
  vtkChartXY* c = m_scatter->chart();
  c->ClearPlots();
  m_pointRows.clear();
  const auto kind = engine::RcaKind(m_rcaBox->currentData().toInt());
  const auto organ = engine::ValidationOrgan(m_organBox->currentData().toInt());
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> byDataset;
  std::map<std::string, std::vector<std::size_t>> rowsOf;
  double lo = 1;
  for (std::size_t i = 0; i < m_shown.size(); ++i) {
    const auto x = engine::ValidationFigures::rca(m_shown[i], kind);
    if (!x) continue;
    const double y = engine::trueDice(m_shown[i], organ);
    byDataset[m_shown[i].dataset].first.push_back(*x);
    byDataset[m_shown[i].dataset].second.push_back(y);
    rowsOf[m_shown[i].dataset].push_back(i);
    lo = std::min({lo, *x, y});
  }
  lo = std::max(0.0, std::floor((lo - 0.02) / 0.05) * 0.05);
  std::vector<QPointF> pickable;
  std::size_t colour = 0;
  for (const auto& [name, xy] : byDataset) {
    auto table = xyTable(xy.first, xy.second);
    vtkPlot* p = c->AddPlot(vtkChart::POINTS);
    p->SetInputData(table, 0, 1);
    const auto rgb = format::FigureRenderer::palette(colour++);
    p->SetColor(rgb.r, rgb.g, rgb.b, 220);
    p->SetLabel(name + " (" + std::to_string(xy.first.size()) + ")");
    if (auto* points = vtkPlotPoints::SafeDownCast(p)) points->SetMarkerSize(8);
    for (std::size_t k = 0; k < xy.first.size(); ++k) {
      pickable.emplace_back(xy.first[k], xy.second[k]);
      m_pointRows.push_back(rowsOf[name][k]);
    }
  }
  const auto& a = kind == engine::RcaKind::Max ? m_summary.overall.rcaMax : m_summary.overall.rcaMean;
  auto addLine = [&](const std::vector<double>& x, const std::vector<double>& y, const char* label,
                     unsigned char grey, float width) {
    vtkPlot* line = c->AddPlot(vtkChart::LINE);
    line->SetInputData(xyTable(x, y), 0, 1);
    line->SetColor(grey, grey, grey, 255);
    line->SetWidth(width);
    line->SetLabel(label);
  };
  addLine({lo, 1.0}, {lo, 1.0}, "y = x", 150, 1.5f);
  if (a.line) addLine({lo, 1.0}, {a.line->slope * lo + a.line->intercept, a.line->slope + a.line->intercept},
                      "least squares", 0, 2.5f);
  for (int axis : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {  // a margin keeps points at 1.0 off the frame
    c->GetAxis(axis)->SetBehavior(vtkAxis::FIXED);
    c->GetAxis(axis)->SetRange(lo, 1.005);
  }
  c->GetAxis(vtkAxis::BOTTOM)->SetTitle(engine::toString(kind));
  c->GetAxis(vtkAxis::LEFT)->SetTitle(organ == engine::ValidationOrgan::Combined ? "Dice GT"
                                      : organ == engine::ValidationOrgan::Lungs ? "Dice Lungs" : "Dice Heart");
  c->SetTitle("r = " + fixed(a.pearson, 3).toStdString() + ", rho = " + fixed(a.spearman, 3).toStdString() +
              " (n = " + std::to_string(a.n) + ")");
  m_scatter->setPickablePoints(std::move(pickable));
  m_scatter->update();
}

void ValidationDashboard::updateHistograms() {
  vtkChartXY* c = m_histogram->chart();
  c->ClearPlots();
  const auto kind = engine::RcaKind(m_rcaBox->currentData().toInt());
  constexpr int kBins = 20;
  double lo = 1;
  std::map<std::string, std::vector<double>> byDataset;
  for (const auto& r : m_shown)
    if (const auto x = engine::ValidationFigures::rca(r, kind)) {
      byDataset[r.dataset].push_back(*x);
      lo = std::min(lo, *x);
    }
  lo = std::max(0.0, std::floor((lo - 0.01) / 0.05) * 0.05);
  std::size_t colour = 0, top = 1;
  for (const auto& [name, values] : byDataset) {
    const auto h = format::Statistics::histogram(values, kBins, lo, 1.0);
    std::vector<double> x, y;
    for (int b = 0; b < kBins; ++b) {
      x.push_back(lo + (b + 0.5) * h.binWidth());
      y.push_back(double(h.counts[std::size_t(b)]));
      top = std::max(top, h.counts[std::size_t(b)]);
    }
    vtkPlot* p = c->AddPlot(vtkChart::BAR);
    p->SetInputData(xyTable(x, y), 0, 1);
    const auto rgb = format::FigureRenderer::palette(colour++);
    p->SetColor(rgb.r, rgb.g, rgb.b, 230);
    p->SetLabel(name);
  }
  c->GetAxis(vtkAxis::BOTTOM)->SetBehavior(vtkAxis::FIXED);
  c->GetAxis(vtkAxis::BOTTOM)->SetRange(lo, 1.0);
  c->GetAxis(vtkAxis::BOTTOM)->SetTitle(engine::toString(kind));
  c->GetAxis(vtkAxis::LEFT)->SetBehavior(vtkAxis::FIXED);
  c->GetAxis(vtkAxis::LEFT)->SetRange(0, double(top) * 1.15 + 0.5);
  c->SetTitle(std::string(engine::toString(kind)) + " per dataset");
  m_histogram->update();
}

void ValidationDashboard::updateTable() {
  static const QStringList headers = {"Dataset", "ImageID", "Dice GT", "Dice RCA (Max)", "Dice RCA (Mean)",
                                      "Dice Lungs", "Dice Heart", "Hausdorff Lungs", "Hausdorff Heart",
                                      "Hausdorff 95 Lungs", "Hausdorff 95 Heart", "MSE"};
  m_table->clear();
  m_table->setColumnCount(int(headers.size()));
  m_table->setHorizontalHeaderLabels(headers);
  m_table->setRowCount(int(m_shown.size()));
  for (std::size_t i = 0; i < m_shown.size(); ++i) {
    const auto& r = m_shown[i];
    const auto& m = r.metrics;
    const QString values[] = {QString::fromStdString(r.dataset), QString::fromStdString(r.displayId),
                              cell(m.diceGT), r.rcaMax ? cell(*r.rcaMax) : QString(),
                              r.rcaMean ? cell(*r.rcaMean) : QString(), cell(m.diceLungs), cell(m.diceHeart),
                              cell(m.hausdorffLungs), cell(m.hausdorffHeart), cell(m.hausdorff95Lungs),
                              cell(m.hausdorff95Heart), cell(m.mse)};
    for (int k = 0; k < headers.size(); ++k) m_table->setItem(int(i), k, new QTableWidgetItem(values[k]));
  }
  m_table->resizeColumnsToContents();
}

void ValidationDashboard::exportCsv(const QString& path) const {
  engine::Validation::writeCsv(m_shown, path.toStdString());
}

void ValidationDashboard::exportFigures(const QString& basePath) const {
  const auto kind = engine::RcaKind(m_rcaBox->currentData().toInt());
  const auto organ = engine::ValidationOrgan(m_organBox->currentData().toInt());
  const std::string base = basePath.toStdString();
  const auto scatter = engine::ValidationFigures::scatter(m_shown, kind, organ, m_readerBox->currentText().toStdString());
  const auto hist = engine::ValidationFigures::histograms(m_shown);
  format::FigureRenderer::writeSvg(scatter, base + "_scatter.svg");
  charts::FigurePainter::writePng(scatter, base + "_scatter.png");
  format::FigureRenderer::writeSvg(hist, base + "_histograms.svg");
  charts::FigurePainter::writePng(hist, base + "_histograms.png");
}

void ValidationDashboard::chooseCsvExport() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export the validation table"), "validation.csv",
                                                    tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  try {
    exportCsv(path);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
  }
}

void ValidationDashboard::chooseFigureExport() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export the figures (PNG and SVG)"), "validation",
                                                    tr("Base name (…_scatter.png/.svg, …_histograms.png/.svg)"));
  if (path.isEmpty()) return;
  try {
    exportFigures(path);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
  }
}

}  // namespace cxr::widgets
