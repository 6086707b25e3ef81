#pragma once

#include "core/engine/FineTuneJob.h"
#include "core/engine/ProgressSink.h"
#include "core/interop/ValidatedExporter.h"
#include "ui/widgets/ModelFactory.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cxr::engine {
class BackgroundRca;
class BackgroundSegmentation;
struct BackgroundSegmentationCallbacks;
struct RunSummary;
class CancellationToken;
}

namespace cxr::widgets {

/// Runs the application's long jobs off the GUI thread: background segmentation (engine::
/// BackgroundSegmentation on its own database connection) and imports of image folders and
/// CheXmask CSVs. Progress, per-image results and the end come back as queued signals. One job
/// at a time; cancel() returns at once.
class JobController : public QObject {
  Q_OBJECT

 public:
  explicit JobController(QObject* parent = nullptr);
  ~JobController() override;

  bool running() const { return m_running; }
  /// Segments `imageIds` (empty: every image without a version from this model).
  void segment(const QString& dbPath, const ModelChoice& model, const std::vector<qint64>& imageIds);
  /// Imports image folders and CheXmask CSV files (model or physician files, .csv / .csv.gz).
  void import(const QString& dbPath, const QStringList& folders, const QStringList& csvFiles,
              const QString& imageRoot);
  /// Exports validated segmentations (interop::ValidatedExporter: CSV, per-image files, DICOM
  /// SEG, de-identification) on a worker with its own read connection; progress() reports rows
  /// looked at of the selection; cancel() removes the unfinished CSV.
  void exportValidated(const QString& dbPath, interop::ExportRequest request);
  /// RCA quality estimates (docs/rca.md) of every current model version without one for these
  /// parameters (default k 5, size 256), against the reference set in `refsetPath`; the model
  /// computes latents that versions do not carry and must be the one the set was built with.
  /// Results land in rca_results and the worklist's RCA columns.
  void rca(const QString& dbPath, const QString& refsetPath, const ModelChoice& model);
  /// Fine-tunes a model on a reader's corrected and accepted images (engine::FineTuneJob on its
  /// own connection): `options` without callbacks or token (the controller sets them). On
  /// success lastFineTune() holds the outcome and fineTuned() follows finished().
  void fineTune(const QString& dbPath, engine::FineTuneOptions options);
  /// The outcome of the last successful fine-tuning run.
  const std::optional<engine::FineTuneResult>& lastFineTune() const { return m_lastFineTune; }
  /// Requests a stop; finished images stay stored.
  void cancel();

 Q_SIGNALS:
  void started(QString title);
  /// done / total images, failed, images per second, ETA in seconds (-1 unknown).
  void progress(qint64 done, qint64 total, qint64 failed, double rate, double eta);
  void imageStored(qint64 imageId, bool ok, QString error);
  /// The job ended: `summary` is a human-readable account (what was done, skipped and why).
  void finished(bool ok, bool cancelled, QString summary);
  /// A fine-tuning run registered its model (see lastFineTune()).
  void fineTuned();

 private:
  void finish(bool ok, bool cancelled, const QString& summary);
  /// Callbacks of a background job that reach this object's signals on the GUI thread; the
  /// finished text comes from `summarize` (run on the job thread).
  engine::BackgroundSegmentationCallbacks queuedCallbacks(
      std::function<QString(const engine::RunSummary&, const std::string&)> summarize);

  bool m_running = false;
  std::unique_ptr<engine::BackgroundSegmentation> m_segmentation;
  std::unique_ptr<engine::BackgroundRca> m_rca;
  std::shared_ptr<engine::CancellationToken> m_importCancel;
  QFuture<void> m_import;
  std::optional<engine::FineTuneResult> m_lastFineTune;
};

}  // namespace cxr::widgets
