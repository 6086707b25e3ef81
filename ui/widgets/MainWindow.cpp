#include "ui/widgets/MainWindow.h"

#include "ui/editor/AnatomyGuards.h"
#include "ui/editor/LiveMetrics.h"
#include "ui/editor/WindowLevelModel.h"
#include "ui/widgets/ActionRegistry.h"
#include "ui/widgets/AppSettings.h"
#include "ui/widgets/Formatting.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/JobController.h"
#include "ui/widgets/JobStatusWidget.h"
#include "ui/widgets/LiveMetricsRunner.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/SidePanel.h"
#include "ui/widgets/ValidationDashboard.h"
#include "ui/widgets/WorklistPanel.h"
#include "ui/widgets/WorklistTableModel.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace cxr::widgets {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_session(new ReviewSession(this)),
      m_worklist(new WorklistTableModel(this)),
      m_jobs(new JobController(this)),
      m_actions(new ActionRegistry(this)),
      m_metrics(new LiveMetricsRunner(this)),
      m_model(AppSettings::modelChoice()) {
  setObjectName("mainWindow");
  buildUi();
  buildMenus();
  connectActions();
  connectSession();
  QSettings s;
  restoreGeometry(s.value("ui/geometry").toByteArray());
  restoreState(s.value("ui/state").toByteArray());
  m_worklistPanel->table()->horizontalHeader()->restoreState(s.value("ui/worklistHeader").toByteArray());
  updateTitle();
}

MainWindow::~MainWindow() {
  m_view->setEditModel(nullptr);  // the session (and its edit model) is destroyed before the view
}

void MainWindow::buildUi() {
  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  m_banner = new QFrame;
  m_banner->setObjectName("banner");
  m_banner->setStyleSheet("#banner { background: #FFF3CD; border-bottom: 1px solid #D55E00; }");
  auto* bl = new QHBoxLayout(m_banner);
  m_bannerText = new QLabel;
  m_bannerText->setObjectName("bannerText");
  m_bannerText->setWordWrap(true);
  m_keepMine = new QPushButton(tr("Keep my version"));
  auto* reload = new QPushButton(tr("Reload (F5)"));
  auto* dismiss = new QPushButton(tr("Dismiss"));
  bl->addWidget(m_bannerText, 1);
  bl->addWidget(m_keepMine);
  bl->addWidget(reload);
  bl->addWidget(dismiss);
  m_banner->hide();
  connect(m_keepMine, &QPushButton::clicked, this, [this] { m_session->keepMine(); m_banner->hide(); });
  connect(reload, &QPushButton::clicked, this, [this] { m_session->reloadCase(); m_banner->hide(); });
  connect(dismiss, &QPushButton::clicked, m_banner, &QWidget::hide);
  m_view = new ImageView;
  m_view->setObjectName("imageView");
  m_view->setEditModel(&m_session->editModel());
  m_view->setOverlayStyle(AppSettings::overlayStyle());
  layout->addWidget(m_banner);
  layout->addWidget(m_view, 1);
  setCentralWidget(central);

  m_worklistPanel = new WorklistPanel(m_worklist);
  auto* worklistDock = new QDockWidget(tr("Worklist"), this);
  worklistDock->setObjectName("worklistDock");
  worklistDock->setWidget(m_worklistPanel);
  addDockWidget(Qt::LeftDockWidgetArea, worklistDock);
  m_side = new SidePanel;
  auto* sideDock = new QDockWidget(tr("Case"), this);
  sideDock->setObjectName("caseDock");
  sideDock->setWidget(m_side);
  addDockWidget(Qt::RightDockWidgetArea, sideDock);
  resizeDocks({worklistDock, sideDock}, {470, 320}, Qt::Horizontal);

  m_cursor = new QLabel;
  m_cursor->setObjectName("cursorInfo");
  m_saveStatus = new QLabel;
  m_saveStatus->setObjectName("saveStatus");
  m_jobStatus = new JobStatusWidget;
  statusBar()->addWidget(m_cursor, 1);
  statusBar()->addPermanentWidget(m_jobStatus);
  statusBar()->addPermanentWidget(m_saveStatus);
  connect(m_view, &ImageView::cursorInfo, this, [this](QPointF p, double value, bool inside) {
    m_cursor->setText(inside ? tr("x %1  y %2  value %3").arg(p.x(), 0, 'f', 1).arg(p.y(), 0, 'f', 1).arg(value, 0, 'g', 6)
                             : QString());
  });
}

void MainWindow::buildMenus() {
  QMap<QString, QMenu*> menus;
  for (const char* name : {"File", "Review", "Edit", "View", "Segment", "Help"})
    menus[name] = menuBar()->addMenu(tr(name));
  for (const ActionSpec& spec : ActionRegistry::specs()) {
    QAction* a = m_actions->action(spec.id);
    menus[spec.menu]->addAction(a);
    if (spec.imageViewOnly) {
      a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
      m_view->addAction(a);
    } else {
      addAction(a);  // shortcuts work while the menu bar is hidden or a dock has focus
    }
  }
  for (const char* id : {"toggle_overlay", "toggle_rl", "toggle_ll", "toggle_heart"}) m_actions->action(id)->setChecked(true);
  m_actions->action("soft_drag")->setChecked(false);
}

void MainWindow::connectActions() {
  auto on = [this](const char* id, auto fn) { connect(m_actions->action(id), &QAction::triggered, this, fn); };
  on("open_database", [this] { chooseDatabase(false); });
  on("new_database", [this] { chooseDatabase(true); });
  on("import", [this] { showImport(); });
  on("export", [this] { showExport(); });
  on("settings", [this] { showSettings(); });
  on("quit", [this] { close(); });
  on("validation_dashboard", [this] { showValidationDashboard(); });
  on("next_image", [this] { step(+1); });
  on("previous_image", [this] { step(-1); });
  on("next_unreviewed", [this] {
    m_worklist->findNextPending(m_currentRow, [this](int row) {
      if (row < 0) statusBar()->showMessage(tr("No unreviewed image after this one"), 4000);
      else m_worklist->whenLoaded(row, [this, row] { openRow(row); });
    });
  });
  on("accept", [this] { m_session->decide(review::Decision::Accept); });
  on("mark_corrected", [this] { m_session->decide(review::Decision::MarkCorrected); });
  on("reject", [this] { m_session->decide(review::Decision::Reject); });
  on("flag_ood", [this] { m_session->decide(review::Decision::FlagOutOfDistribution); });
  on("comment", [this] { m_side->focusComment(); });
  on("unlock_edit", [this] { m_session->unlock(); });
  on("reset_to_model", [this] { m_session->resetToModel(); });
  on("reload_case", [this] { m_banner->hide(); m_session->reloadCase(); });
  auto& edit = m_session->editModel();
  on("undo", [&edit] { edit.undo(); });
  on("redo", [&edit] { edit.redo(); });
  on("select_all", [&edit] { edit.selectAll(); });
  on("clear_selection", [&edit] { edit.clearSelection(); });
  const struct { const char* id; double dx, dy; } nudges[] = {
      {"nudge_left", -1, 0}, {"nudge_right", 1, 0}, {"nudge_up", 0, -1}, {"nudge_down", 0, 1},
      {"nudge_left_10", -10, 0}, {"nudge_right_10", 10, 0}, {"nudge_up_10", 0, -10}, {"nudge_down_10", 0, 10}};
  for (const auto& n : nudges) on(n.id, [&edit, n] { edit.nudge(n.dx, n.dy); });
  connect(m_actions->action("soft_drag"), &QAction::toggled, this, [&edit](bool b) { edit.setSoftDragEnabled(b); });
  on("soft_radius_up", [this, &edit] {
    edit.setSoftRadius(edit.softRadius() + 1);
    statusBar()->showMessage(tr("Soft-drag radius: %1 neighbours").arg(edit.softRadius()), 2000);
  });
  on("soft_radius_down", [this, &edit] {
    edit.setSoftRadius(std::max(1, edit.softRadius() - 1));
    statusBar()->showMessage(tr("Soft-drag radius: %1 neighbours").arg(edit.softRadius()), 2000);
  });
  const struct { const char* id; int organ; } organToggles[] = {{"toggle_rl", 0}, {"toggle_ll", 1}, {"toggle_heart", 2}};
  for (const auto& t : organToggles)
    connect(m_actions->action(t.id), &QAction::toggled, this, [this, t](bool b) {
      editor::OverlayStyle s = m_view->overlayStyle();
      s.organVisible[size_t(t.organ)] = b;
      m_view->setOverlayStyle(s);
    });
  connect(m_actions->action("toggle_overlay"), &QAction::toggled, this, [this](bool b) {
    for (const char* id : {"toggle_rl", "toggle_ll", "toggle_heart"}) m_actions->action(id)->setChecked(b);
  });
  connect(m_actions->action("toggle_filled"), &QAction::toggled, this, [this](bool b) {
    editor::OverlayStyle s = m_view->overlayStyle();
    s.filledMasks = b;
    m_view->setOverlayStyle(s);
  });
  connect(m_actions->action("toggle_compare"), &QAction::toggled, this, [this] { updateComparison(); });
  on("fit_view", [this] { m_view->fitToWindow(); });
  on("one_to_one", [this] { m_view->zoomOneToOne(); });
  on("window_preset", [this] {
    static const char* names[] = {"default", "full range", "lung", "mediastinum", "bone"};
    m_preset = (m_preset + 1) % 5;
    m_view->windowLevel().applyPreset(editor::WindowPreset(m_preset));
    statusBar()->showMessage(tr("Window: %1").arg(tr(names[m_preset])), 2000);
  });
  on("window_default", [this] {
    m_preset = 0;
    m_view->windowLevel().applyPreset(editor::WindowPreset::Default);
  });
  connect(m_actions->action("invert"), &QAction::toggled, this, [this](bool b) { m_view->setInverted(b); });
  on("focus_search", [this] { m_worklistPanel->searchBox()->setFocus(); m_worklistPanel->searchBox()->selectAll(); });
  on("segment_selected", [this] {
    const auto ids = m_worklistPanel->selectedImageIds();
    if (ids.empty()) statusBar()->showMessage(tr("Select images in the worklist first"), 4000);
    else m_jobs->segment(m_session->databasePath(), m_model, ids);
  });
  on("segment_unsegmented", [this] { segmentUnsegmented(); });
  on("compute_rca", [this] { showComputeRca(); });
  on("fine_tune", [this] { showFineTune(); });
  on("cancel_job", [this] { m_jobs->cancel(); });
  on("shortcut_help", [this] { showShortcutHelp(); });
  on("about", [this] { showAbout(); });
  on("agreement", [this] { showAgreement(); });

  connect(m_worklistPanel, &WorklistPanel::rowActivated, this, &MainWindow::openRow);
  connect(m_metrics, &LiveMetricsRunner::ready, this, [this](format::ComparisonResult r) {
    m_live.comparison = r;
    m_side->setMetrics(m_live.comparison, m_live.ctr, m_live.ctrModel);
  });
  connect(m_worklist, &WorklistTableModel::fetchFailed, this,
          [this](const QString& m) { showBanner(tr("Worklist: %1").arg(m), false); });
  connect(m_side, &SidePanel::commentSubmitted, this, [this](const QString& text) {
    m_session->decide(review::Decision::Comment, text);
  });
  connect(m_side, &SidePanel::versionSelected, this, [this](qint64 id) {
    m_compareVersion = id;
    if (m_actions->action("toggle_compare")->isChecked()) updateComparison();
  });
  connect(m_jobs, &JobController::started, m_jobStatus, &JobStatusWidget::start);
  connect(m_jobs, &JobController::progress, m_jobStatus, &JobStatusWidget::setProgress);
  connect(m_jobStatus, &JobStatusWidget::cancelRequested, m_jobs, &JobController::cancel);
  connect(m_jobs, &JobController::imageStored, this, [this](qint64 id, bool, QString) {
    // Rows update through the worklist's data-version poll (once a second, however many land).
    // The open case got its first segmentation: show it.
    if (const auto* c = m_session->currentCase(); c && c->image.id == id && !c->reviewVersion) m_session->reloadCase();
  });
  connect(m_jobs, &JobController::fineTuned, this, &MainWindow::showFineTuneResult);
  connect(m_jobs, &JobController::finished, this, [this](bool ok, bool cancelled, const QString& summary) {
    m_jobStatus->finish(cancelled ? tr("Cancelled: %1").arg(summary.section('\n', 0, 0)) : summary.section('\n', 0, 0));
    m_worklist->refresh();
    m_worklist->datasetNames([this](QStringList names) { m_worklistPanel->setDatasets(names); });
    m_worklist->namedWorklists([this](QList<QPair<qint64, QString>> lists) { m_worklistPanel->setNamedWorklists(lists); });
    if (!ok || summary.contains('\n')) {
      auto* box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning, tr("Background job"),
                                  summary.section('\n', 0, 0), QMessageBox::Ok, this);
      box->setDetailedText(summary);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    }
  });
}

void MainWindow::connectSession() {
  // After a sort or a filter change the open image keeps its highlight, and N / P step from
  // its new row (-1 when the filter hides it: N then opens the first row).
  connect(m_worklist, &QAbstractItemModel::modelReset, this, [this] {
    const auto* c = m_session->currentCase();
    if (!c) return;
    const qint64 imageId = c->image.id;
    const int before = m_currentRow;
    m_worklist->locate(QString::fromStdString(c->displayId), [this, imageId, before](int row, qint64 found) {
      const auto* now = m_session->currentCase();
      if (found != imageId || m_currentRow != before || !now || now->image.id != imageId) return;
      m_currentRow = row;
      if (row >= 0)
        m_worklist->whenLoaded(row, [this, row, imageId] {
          if (const auto* r = m_worklist->rowAt(row); r && r->imageId == imageId) m_worklistPanel->selectRow(row);
        });
    });
  });
  // A worklist created elsewhere (`chexreview-cli sample`, another session) appears in the box.
  connect(m_worklist, &WorklistTableModel::storeChanged, this, [this] {
    m_worklist->namedWorklists([this](QList<QPair<qint64, QString>> lists) { m_worklistPanel->setNamedWorklists(lists); });
  });
  connect(m_session, &ReviewSession::databaseOpened, this, [this](bool ok, bool writable, const QString& message) {
    if (!ok) {
      showBanner(tr("The database could not be opened: %1").arg(message), false);
      return;
    }
    if (!writable) showBanner(tr("The database is %1: you can look, but edits and decisions are not saved.").arg(message), false);
    m_worklist->openDatabase(m_session->databasePath());
    m_worklistPanel->applyFilter(m_session->reader());
    m_worklist->datasetNames([this](QStringList names) { m_worklistPanel->setDatasets(names); });
    m_worklist->namedWorklists([this](QList<QPair<qint64, QString>> lists) { m_worklistPanel->setNamedWorklists(lists); });
    updateTitle();
    if (!m_pendingImage.isEmpty()) openImage(QString(m_pendingImage));  // a copy: openImage clears it
  });
  connect(m_session, &ReviewSession::caseLoaded, this, &MainWindow::showCase);
  connect(m_session, &ReviewSession::caseDataChanged, this, [this] {
    m_side->setCase(m_session->currentCase(), m_session->currentImage(), m_session->reader());
  });
  connect(m_session, &ReviewSession::caseFailed, this, [this](const QString& m) { showBanner(m, false); });
  connect(m_session, &ReviewSession::storeError, this, [this](const QString& m) { showBanner(tr("Database: %1").arg(m), false); });
  connect(m_session, &ReviewSession::conflictDetected, this, [this](const QString& m) { showBanner(m, true); });
  connect(m_session, &ReviewSession::saveStatusChanged, m_saveStatus, &QLabel::setText);
  // Shown once, at the right of the status bar (the left keeps the cursor's position and value).
  connect(m_session, &ReviewSession::decisionRecorded, this, [this](int, const QString& m) { m_saveStatus->setText(m); });
  connect(m_session, &ReviewSession::editableChanged, this, [this](bool editable) {
    for (const char* id : {"reset_to_model", "undo", "redo"}) m_actions->action(id)->setEnabled(editable);
    updateTitle();
  });
  m_session->editModel().changed.connect([this] { updateLiveFeedback(); });
}

void MainWindow::openDatabase(const QString& path, const QString& reader) {
  m_session->setReader(reader);
  m_session->openDatabase(path);
  updateTitle();
}

void MainWindow::openImage(const QString& id) {
  if (!m_session->databaseOpen()) {
    m_pendingImage = id;
    return;
  }
  if (id.trimmed().isEmpty()) return;
  m_pendingImage.clear();
  m_worklist->locate(id, [this, id](int row, qint64 imageId) {
    if (imageId <= 0) {
      showBanner(tr("No image '%1' in this database").arg(id), false);
      return;
    }
    // Open by image id (exact); highlight the worklist row once its page is there.
    m_currentRow = row;
    m_session->openCase(imageId);
    if (row >= 0)
      m_worklist->whenLoaded(row, [this, row, imageId] {
        if (const auto* r = m_worklist->rowAt(row); r && r->imageId == imageId) m_worklistPanel->selectRow(row);
      });
  });
}

ValidationDashboard& MainWindow::showValidationDashboard() {
  if (!m_dashboard) {
    m_dashboard = new ValidationDashboard(this);
    m_dashboard->setWindowFlag(Qt::Window);
    m_dashboard->setObjectName("validationDashboard");
    m_dashboard->resize(1200, 860);
    connect(m_dashboard, &ValidationDashboard::openImageRequested, this,
            [this](qint64 imageId, const QString& displayId) {
              openImage(displayId.isEmpty() ? QString::number(imageId) : displayId);
              raise();
              activateWindow();
            });
  }
  if (m_session->databaseOpen()) m_dashboard->open(m_session->databasePath(), m_session->reader());
  m_dashboard->show();
  m_dashboard->raise();
  return *m_dashboard;
}

void MainWindow::openRow(int row) {
  const store::WorklistRow* r = m_worklist->rowAt(row);
  if (!r) {
    m_worklist->whenLoaded(row, [this, row] { if (m_worklist->rowAt(row)) openRow(row); });
    return;
  }
  m_currentRow = row;
  m_worklistPanel->selectRow(row);
  m_session->openCase(r->imageId);
}

void MainWindow::step(int delta) {
  const int row = m_currentRow + delta;
  if (row < 0 || row >= m_worklist->rowCount()) {
    statusBar()->showMessage(delta > 0 ? tr("End of the worklist") : tr("Start of the worklist"), 3000);
    return;
  }
  m_worklist->whenLoaded(row, [this, row] { openRow(row); });
}

void MainWindow::showCase() {
  const review::ReviewCase* c = m_session->currentCase();
  const CaseImage& image = m_session->currentImage();
  m_banner->hide();
  if (image.pixels)
    m_view->setImage(image.pixels, image.width, image.height, image.minValue, image.maxValue, image.monochrome1,
                     image.defaultWindow);
  else if (c && c->width > 0 && c->height > 0)
    // No pixels (missing or unreadable file): a black canvas of the image's size, so the
    // contours can still be reviewed in place.
    m_view->setImage(std::make_shared<const std::vector<float>>(size_t(c->width) * size_t(c->height), 0.0f), c->width,
                     c->height, 0.0f, 1.0f, false, std::nullopt);
  else
    m_view->clearImage();
  if (!image.error.empty()) showBanner(tr("The image file could not be shown: %1").arg(QString::fromStdString(image.error)), false);
  // No segmentation yet: no contours to draw or edit (not a collapsed ring at the origin).
  m_view->setEditModel(c && c->reviewVersion ? &m_session->editModel() : nullptr);
  m_actions->action("invert")->setChecked(image.monochrome1);
  m_preset = 0;
  m_compareVersion.reset();
  m_live = {};
  m_side->setCase(c, image, m_session->reader());
  updateComparison();
  updateLiveFeedback();
  m_view->fitToWindow();
  m_saveStatus->setText(m_session->editable() ? tr("Ready") : tr("Read-only (E to edit)"));
  updateTitle();
  Q_EMIT caseShown(c ? c->image.id : 0);
}

void MainWindow::updateLiveFeedback() {
  const review::ReviewCase* c = m_session->currentCase();
  if (!c || !c->reviewVersion) {
    m_live = {};
    m_side->setMetrics(std::nullopt, std::nullopt, std::nullopt);
    m_side->setWarnings({});
    return;
  }
  const format::LandmarkSet& edited = m_session->editModel().landmarks();
  QStringList warnings;
  for (const auto& w : editor::AnatomyGuards::check(edited)) warnings << QString::fromStdString(w.message);
  m_side->setWarnings(warnings);
  m_live.ctrModel.reset();
  if (c->modelVersion) m_live.ctrModel = editor::LiveMetrics::cardiothoracicRatio(c->modelVersion->landmarks);
  m_live.ctr = editor::LiveMetrics::cardiothoracicRatio(edited);
  // The last Dice/Hausdorff stays on screen until the new one arrives (no flicker while dragging).
  m_side->setMetrics(m_live.comparison, m_live.ctr, m_live.ctrModel);
  if (c->modelVersion) m_metrics->request(edited, c->modelVersion->landmarks, c->height, c->width);
}

void MainWindow::updateComparison() {
  const review::ReviewCase* c = m_session->currentCase();
  if (!c || !m_actions->action("toggle_compare")->isChecked()) {
    m_view->setComparison(std::nullopt, {});
    return;
  }
  const review::CaseVersion* pick = nullptr;
  for (const auto& v : c->versions)
    if (m_compareVersion && v.id == *m_compareVersion) pick = &v;
  if (!pick && c->modelVersion && (!c->reviewVersion || c->reviewVersion->id != c->modelVersion->id)) pick = &*c->modelVersion;
  if (!pick)
    for (const auto& v : c->versions)
      if (!v.fromModel && v.author != m_session->reader().toStdString()) pick = &v;
  if (!pick) {
    m_view->setComparison(std::nullopt, {});
    statusBar()->showMessage(tr("No other version of this image to compare with"), 3000);
    return;
  }
  m_view->setComparison(pick->landmarks, tr("v%1 %2 (%3)").arg(pick->id).arg(sourceLabel(pick->source),
                                                                        QString::fromStdString(pick->author)));
}

void MainWindow::showBanner(const QString& text, bool conflict) {
  m_bannerText->setText(text);
  m_keepMine->setVisible(conflict);
  m_banner->show();
}

void MainWindow::updateTitle() {
  QString title = QStringLiteral("CheXReview");
  if (!m_session->reader().isEmpty()) title += QStringLiteral(" — %1").arg(m_session->reader());
  if (!m_session->databasePath().isEmpty()) title += QStringLiteral(" — %1").arg(QFileInfo(m_session->databasePath()).fileName());
  if (const auto* c = m_session->currentCase()) title += QStringLiteral(" — %1").arg(QString::fromStdString(c->displayId));
  if (m_session->databaseOpen() && !m_session->writable()) title += tr(" [read-only]");
  setWindowTitle(title);
}

void MainWindow::segmentUnsegmented() {
  if (!m_session->databaseOpen()) return;
  m_jobs->segment(m_session->databasePath(), m_model, {});
}

void MainWindow::closeEvent(QCloseEvent* event) {
  m_session->shutdown();  // every pending edit is written before the window goes
  m_jobs->cancel();
  QSettings s;
  s.setValue("ui/geometry", saveGeometry());
  s.setValue("ui/state", saveState());
  s.setValue("ui/worklistHeader", m_worklistPanel->table()->horizontalHeader()->saveState());
  event->accept();
}

}  // namespace cxr::widgets
