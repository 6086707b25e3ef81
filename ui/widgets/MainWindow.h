#pragma once

#include "core/format/ComparisonMetrics.h"
#include "ui/widgets/ModelFactory.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QDockWidget;
class QFrame;
class QPushButton;

namespace cxr::widgets {

class ActionRegistry;
class ImageView;
class JobController;
class JobStatusWidget;
class LiveMetricsRunner;
class ReviewSession;
class SidePanel;
class ValidationDashboard;
class WorklistPanel;
class WorklistTableModel;

/// The reviewer's main window: worklist dock, image view with editable contours, side panel,
/// status bar with the background job. Wires the session, the worklist and the jobs to the
/// widgets; holds no review state of its own.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a review database for `reader` (the worklist follows).
  void openDatabase(const QString& path, const QString& reader);
  /// Opens the case of an image id or display id once the worklist knows it.
  void openImage(const QString& idOrDisplayId);
  /// Starts "segment all unsegmented" (the demo does this on start).
  void segmentUnsegmented();
  void setModelChoice(const ModelChoice& choice) { m_model = choice; }
  /// The model the application segments with (Settings > Model, or a fine-tuned one).
  const ModelChoice& modelChoice() const { return m_model; }

  ReviewSession& session() { return *m_session; }
  WorklistTableModel& worklist() { return *m_worklist; }
  WorklistPanel& worklistPanel() { return *m_worklistPanel; }
  ImageView& imageView() { return *m_view; }
  SidePanel& sidePanel() { return *m_side; }
  JobController& jobs() { return *m_jobs; }
  ActionRegistry& actions() { return *m_actions; }
  /// The validation dashboard (created, opened on the current database and shown on first use).
  ValidationDashboard& showValidationDashboard();

 Q_SIGNALS:
  /// A case and its image are on screen (tests and the benchmark wait for it).
  void caseShown(qint64 imageId);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildUi();
  void buildMenus();
  void connectActions();
  void connectSession();
  void showCase();
  void updateTitle();
  void updateLiveFeedback();
  void updateComparison();
  void openRow(int row);
  void step(int delta);
  void showBanner(const QString& text, bool conflict);
  void chooseDatabase(bool create);
  void showShortcutHelp();
  void showSettings();
  void showImport();
  void showExport();
  /// Asks for a reference set folder (remembered) and runs RCA in the background (JobController::rca).
  void showComputeRca();
  /// Fine-tunes the active model on the reader's corrections in the background
  /// (JobController::fineTune; epochs from the setting "finetune/epochs", default 10).
  void showFineTune();
  /// The figures of a finished fine-tuning run; switches the active model when the user says so.
  void showFineTuneResult();
  void showAbout();
  void showAgreement();  // MainWindowMultiReader.cpp

  ValidationDashboard* m_dashboard = nullptr;
  ReviewSession* m_session;
  WorklistTableModel* m_worklist;
  JobController* m_jobs;
  ActionRegistry* m_actions;
  LiveMetricsRunner* m_metrics;
  WorklistPanel* m_worklistPanel = nullptr;
  ImageView* m_view = nullptr;
  SidePanel* m_side = nullptr;
  JobStatusWidget* m_jobStatus = nullptr;
  QLabel* m_cursor = nullptr;
  QLabel* m_saveStatus = nullptr;
  QFrame* m_banner = nullptr;
  QLabel* m_bannerText = nullptr;
  QPushButton* m_keepMine = nullptr;
  int m_currentRow = -1;
  int m_preset = 0;
  std::optional<qint64> m_compareVersion;
  ModelChoice m_model;
  QString m_pendingImage;
  /// Live feedback of the case on screen: CTRs now, comparison when the worker delivers it.
  struct LiveFeedback {
    std::optional<format::ComparisonResult> comparison;
    std::optional<double> ctr, ctrModel;
  } m_live;
};

}  // namespace cxr::widgets
