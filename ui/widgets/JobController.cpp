#include "ui/widgets/JobController.h"

#include "core/engine/BackgroundRca.h"
#include "core/engine/BackgroundSegmentation.h"
#include "core/engine/CancellationToken.h"
#include "core/engine/FolderImporter.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/image/Preprocessor.h"
#include "core/rca/RcaError.h"
#include "core/rca/ReferenceSet.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ReviewStore.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QTime>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <exception>
#include <map>

namespace cxr::widgets {

namespace {

/// Forwards engine progress (engine threads) to the controller's thread.
class QueuedSink : public engine::ProgressSink {
 public:
  explicit QueuedSink(JobController* target) : m_target(target) {}
  void onProgress(const engine::ProgressInfo& p) override {
    QMetaObject::invokeMethod(m_target, [t = m_target, p] {
      Q_EMIT t->progress(p.done, p.total, p.failed, p.imagesPerSecond, p.etaSeconds);
    }, Qt::QueuedConnection);
  }
  void onMessage(engine::MessageLevel, const std::string&) override {}

 private:
  JobController* m_target;
};

}  // namespace

JobController::JobController(QObject* parent) : QObject(parent) {}

JobController::~JobController() {
  if (m_importCancel) m_importCancel->cancel();
  m_import.waitForFinished();
  if (m_segmentation) {
    m_segmentation->cancel();
    m_segmentation->wait();
  }
  if (m_rca) {
    m_rca->cancel();
    m_rca->wait();
  }
}

void JobController::finish(bool ok, bool cancelled, const QString& summary) {
  m_running = false;
  Q_EMIT finished(ok, cancelled, summary);
}

engine::BackgroundSegmentationCallbacks JobController::queuedCallbacks(
    std::function<QString(const engine::RunSummary&, const std::string&)> summarize) {
  engine::BackgroundSegmentationCallbacks callbacks;
  auto sink = std::make_shared<QueuedSink>(this);
  callbacks.progress = [sink](const engine::ProgressInfo& p) { sink->onProgress(p); };
  callbacks.imageStored = [this](store::RowId id, bool ok, const std::string& error) {
    const QString e = QString::fromStdString(error);
    QMetaObject::invokeMethod(this, [this, id, ok, e] { Q_EMIT imageStored(id, ok, e); }, Qt::QueuedConnection);
  };
  callbacks.finished = [this, summarize](const engine::RunSummary& s, engine::JobState state,
                                         const std::string& error) {
    const bool ok = state == engine::JobState::Finished || state == engine::JobState::Cancelled;
    const bool cancelled = state == engine::JobState::Cancelled;
    const QString text = summarize(s, error);
    QMetaObject::invokeMethod(this, [this, ok, cancelled, text] { finish(ok, cancelled, text); }, Qt::QueuedConnection);
  };
  return callbacks;
}

void JobController::segment(const QString& dbPath, const ModelChoice& model, const std::vector<qint64>& imageIds) {
  if (m_running) return;
  m_running = true;
  Q_EMIT started(imageIds.empty() ? tr("Segmenting all unsegmented images")
                                  : tr("Segmenting %n selected image(s)", nullptr, int(imageIds.size())));
  Q_EMIT progress(0, 0, 0, 0, -1);
  // Opening the weights (and hashing them) takes a moment: never on the GUI thread.
  struct Opened {
    std::shared_ptr<std::unique_ptr<engine::Segmenter>> segmenter;
    store::ModelInfo info;
    QString error;
  };
  auto* watcher = new QFutureWatcher<Opened>(this);
  connect(watcher, &QFutureWatcher<Opened>::finished, this, [this, watcher, dbPath, imageIds] {
    watcher->deleteLater();
    Opened opened = watcher->result();
    if (!opened.error.isEmpty()) {
      finish(false, false, tr("The model could not be opened: %1").arg(opened.error));
      return;
    }
    engine::SegmentJobOptions options;
    options.imageIds.assign(imageIds.begin(), imageIds.end());
    options.resegment = !imageIds.empty();
    const engine::BackgroundSegmentationCallbacks callbacks =
        queuedCallbacks([](const engine::RunSummary& s, const std::string& error) {
          QString text = tr("%1 segmented, %2 failed, %3 left").arg(s.succeeded).arg(s.failed).arg(s.notProcessed);
          if (s.total == 0) text = tr("Nothing to segment: every image already has a version from this model");
          if (s.total > 0 && s.seconds > 0) text += tr(" in %1 s (%2 images/s)").arg(s.seconds, 0, 'f', 1).arg(s.imagesPerSecond, 0, 'f', 2);
          if (!error.empty()) text = tr("Segmentation failed: %1").arg(QString::fromStdString(error));
          return text;
        });
    auto holder = opened.segmenter;
    m_segmentation = std::make_unique<engine::BackgroundSegmentation>(
        dbPath.toStdString(), opened.info, options,
        [holder]() -> std::unique_ptr<engine::Segmenter> { return std::move(*holder); },
        std::make_shared<engine::ImageFilePreparer>(), callbacks);
    m_segmentation->start();
  });
  watcher->setFuture(QtConcurrent::run([model]() {
    Opened o;
    try {
      auto segmenter = ModelFactory::open(model);
      o.info = ModelFactory::describe(model, segmenter->inputSize());
      o.segmenter = std::make_shared<std::unique_ptr<engine::Segmenter>>(std::move(segmenter));
    } catch (const std::exception& e) {
      o.error = QString::fromStdString(e.what());
    }
    return o;
  }));
}

void JobController::import(const QString& dbPath, const QStringList& folders, const QStringList& csvFiles,
                           const QString& imageRoot) {
  if (m_running) return;
  m_running = true;
  m_importCancel = std::make_shared<engine::CancellationToken>();
  Q_EMIT started(tr("Importing"));
  auto cancel = m_importCancel;
  auto sink = std::make_shared<QueuedSink>(this);
  m_import = QtConcurrent::run([this, dbPath, folders, csvFiles, imageRoot, cancel, sink] {
    QStringList lines;
    bool ok = true;
    try {
      store::ReviewStore store(dbPath.toStdString());
      for (const QString& folder : folders) {
        if (cancel->isCancelled()) break;
        engine::FolderImporter importer(store);
        const auto r = importer.importFolder(folder.toStdString(), {}, *sink, *cancel);
        lines << tr("Folder %1 → dataset %2: %3 images imported, %4 could not be read, %5 non-image files ignored")
                     .arg(folder, QString::fromStdString(r.dataset))
                     .arg(r.imported).arg(r.failed).arg(r.notImages);
        // What this import could not read (not older errors of the store), as the CLI's
        // import-images reports it; a failed file makes the job end with a warning.
        if (r.failed > 0) ok = false;
        int shown = 0;
        for (const auto* list : {&r.scanProblems, &r.failures})
          for (const std::string& problem : *list)
            if (shown++ < 20) lines << QStringLiteral("   skipped %1").arg(QString::fromStdString(problem));
        if (shown > 20) lines << tr("   ... and %1 more (all recorded with the image errors)").arg(shown - 20);
      }
      for (const QString& csv : csvFiles) {
        if (cancel->isCancelled()) break;
        store::CsvImportOptions options;
        options.imageRoot = imageRoot.toStdString();
        options.progress = [this](std::int64_t rows) {
          QMetaObject::invokeMethod(this, [this, rows] { Q_EMIT progress(rows, 0, 0, 0, -1); }, Qt::QueuedConnection);
        };
        try {
          const auto r = store::CheXmaskImporter(store).importFile(csv.toStdString(), options);
          lines << tr("%1 → dataset %2, reader %3: %4 rows, %5 versions added, %6 already present")
                       .arg(QFileInfo(csv).fileName(), QString::fromStdString(r.dataset), QString::fromStdString(r.reader))
                       .arg(r.rows).arg(r.versionsAdded).arg(r.versionsExisting);
          for (const auto& w : r.warnings) lines << QStringLiteral("   warning: %1").arg(QString::fromStdString(w));
        } catch (const std::exception& e) {
          ok = false;
          lines << tr("%1 was not imported: %2").arg(QFileInfo(csv).fileName(), QString::fromStdString(e.what()));
        }
      }
    } catch (const std::exception& e) {
      ok = false;
      lines << tr("Import stopped: %1").arg(QString::fromStdString(e.what()));
    }
    const bool cancelled = cancel->isCancelled();
    const QString summary = lines.join('\n');
    QMetaObject::invokeMethod(this, [this, ok, cancelled, summary] { finish(ok, cancelled, summary); }, Qt::QueuedConnection);
  });
}

void JobController::exportValidated(const QString& dbPath, interop::ExportRequest request) {
  if (m_running) return;
  m_running = true;
  m_importCancel = std::make_shared<engine::CancellationToken>();
  Q_EMIT started(tr("Exporting"));
  auto cancel = m_importCancel;
  m_import = QtConcurrent::run([this, dbPath, request, cancel]() mutable {
    QStringList lines;
    bool ok = true;
    bool cancelled = false;
    auto skippedLines = std::make_shared<QStringList>();
    request.progress = [this, cancel](const interop::ExportProgress& p) {
      if (p.done % 32 == 0 || p.done == p.total) {
        const qint64 done = p.done, total = p.total;
        QMetaObject::invokeMethod(this, [this, done, total] { Q_EMIT progress(done, total, 0, 0, -1); },
                                  Qt::QueuedConnection);
      }
      return !cancel->isCancelled();
    };
    request.onSkipped = [skippedLines](const std::string& image, const std::string& why) {
      if (skippedLines->size() < 20)
        *skippedLines << QStringLiteral("   skipped %1: %2").arg(QString::fromStdString(image), QString::fromStdString(why));
    };
    if (request.who.empty() || request.who == "export") request.who = "chexreview";
    try {
      store::ReviewStore store(dbPath.toStdString());
      const interop::ExportSummary s = interop::ValidatedExporter(store).run(request);
      cancelled = s.cancelled;
      if (cancelled) {
        lines << tr("Export cancelled: nothing was written under the final names");
      } else {
        lines << tr("Exported %1 images: %2 CSV rows, %3 image folders, %4 DICOM SEG files")
                     .arg(s.images).arg(s.rows).arg(s.perImage).arg(s.segFiles);
        lines << tr("Not exported: %1 without a version, %2 filtered out, %3 without geometry, %4 not from DICOM, "
                    "%5 failed")
                     .arg(s.skippedNoVersion).arg(s.skippedFilter).arg(s.skippedNoGeometry).arg(s.skippedNotDicom)
                     .arg(s.failed);
        for (const auto& f : s.files) lines << tr("Wrote %1").arg(QString::fromStdString(f));
        ok = s.failed == 0;
      }
      lines << *skippedLines;
    } catch (const std::exception& e) {
      ok = false;
      lines << tr("Export stopped: %1").arg(QString::fromStdString(e.what()));
    }
    const QString summary = lines.join('\n');
    QMetaObject::invokeMethod(this, [this, ok, cancelled, summary] { finish(ok, cancelled, summary); },
                              Qt::QueuedConnection);
  });
}

void JobController::fineTune(const QString& dbPath, engine::FineTuneOptions options) {
  if (m_running) return;
  m_running = true;
  m_importCancel = std::make_shared<engine::CancellationToken>();
  options.cancel = *m_importCancel;
  Q_EMIT started(tr("Fine-tuning from %1's corrections").arg(QString::fromStdString(options.reader)));
  Q_EMIT progress(0, 0, 0, 0, -1);
  m_import = QtConcurrent::run([this, dbPath, options]() mutable {
    const auto started = std::chrono::steady_clock::now();
    options.progress = [this, started](std::int64_t done, std::int64_t total) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      const double rate = secs > 0 ? double(done) / secs : 0;
      const double eta = rate > 0 ? double(total - done) / rate : -1;
      // The bar counts training steps (not images): no images/s figure, only the ETA.
      QMetaObject::invokeMethod(this, [this, done, total, eta] { Q_EMIT progress(done, total, 0, 0, eta); },
                                Qt::QueuedConnection);
    };
    const engine::CancellationToken cancel = options.cancel;
    try {
      std::unique_ptr<engine::FineTuneBackend> backend = ModelFactory::fineTuneBackend();
      store::ReviewStore store(dbPath.toStdString());
      const engine::FineTuneResult r = engine::FineTuneJob(store, *backend, options).run();
      const QString summary = tr("Fine-tuned %1 from %2 on %3 images (held-out lungs Dice %4 -> %5, heart %6 -> %7)")
                                  .arg(QString::fromStdString(r.modelName), QString::fromStdString(r.baseModelName))
                                  .arg(r.trainImages + r.heldOutImages)
                                  .arg(r.baseDice.lungs, 0, 'f', 3).arg(r.newDice.lungs, 0, 'f', 3)
                                  .arg(r.baseDice.heart, 0, 'f', 3).arg(r.newDice.heart, 0, 'f', 3);
      QMetaObject::invokeMethod(this, [this, r, summary] {
        m_lastFineTune = r;
        finish(true, false, summary);
        Q_EMIT fineTuned();
      }, Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const bool cancelled = cancel.isCancelled();
      const QString summary = cancelled ? tr("Fine-tuning cancelled: nothing was registered")
                                        : tr("Fine-tuning failed\n%1").arg(QString::fromStdString(e.what()));
      QMetaObject::invokeMethod(this, [this, cancelled, summary] { finish(cancelled, cancelled, summary); },
                                Qt::QueuedConnection);
    }
  });
}

void JobController::rca(const QString& dbPath, const QString& refsetPath, const ModelChoice& model) {
  if (m_running) return;
  m_running = true;
  Q_EMIT started(tr("Computing RCA quality estimates"));
  Q_EMIT progress(0, 0, 0, 0, -1);
  const engine::BackgroundSegmentationCallbacks callbacks =
      queuedCallbacks([](const engine::RunSummary& s, const std::string& error) {
        QString text = tr("RCA: %1 scored, %2 failed, %3 left").arg(s.succeeded).arg(s.failed).arg(s.notProcessed);
        if (s.total == 0) text = tr("Nothing to do: every model version already has RCA with these parameters");
        if (!error.empty()) text = tr("RCA failed: %1").arg(QString::fromStdString(error));
        return text;
      });
  const std::string refset = refsetPath.toStdString();
  // Runs on the job thread: checks the set's model, opens it (LibTorch stays in ModelFactory).
  auto latents = [model, refset]() -> engine::LatentProvider {
    if (model.weightsPath.empty() || !ModelFactory::available()) return {};
    const std::string expected = rca::ReferenceSetIO::readManifest(refset).modelSha256;
    if (rca::ReferenceSetIO::sha256OfFile(model.weightsPath) != expected)
      throw rca::RcaError(refset + " was built with another model (SHA-256 " + expected + ") than " + model.weightsPath);
    std::shared_ptr<engine::Segmenter> segmenter = ModelFactory::open(model);
    return [segmenter](const std::vector<uint8_t>& grey8, int width, int height) {
      const image::PreprocessedImage input =
          image::Preprocessor::toModelSpace(grey8.data(), height, width, segmenter->inputSize(), false);
      std::vector<engine::SegmenterOutput> out = segmenter->run({input.pixels.data()});
      if (out.empty() || out.front().latent.empty()) throw rca::RcaError("the model returns no latent");
      return std::move(out.front().latent);
    };
  };
  m_rca = std::make_unique<engine::BackgroundRca>(dbPath.toStdString(), refset, rca::RcaParameters{},
                                                  engine::RcaJobOptions{}, latents, callbacks);
  m_rca->start();
}

void JobController::cancel() {
  if (m_segmentation) m_segmentation->cancel();
  if (m_rca) m_rca->cancel();
  if (m_importCancel) m_importCancel->cancel();
}

}  // namespace cxr::widgets
