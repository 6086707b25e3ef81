#include "ui/widgets/ReviewSession.h"

#include "core/store/ReviewStore.h"
#include "ui/widgets/CaseWriter.h"
#include "ui/widgets/Formatting.h"

#include <QFutureWatcher>
#include <QTime>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace cxr::widgets {

namespace {
// A reader who walks away does not accrue time: one interval counts at most this long.
constexpr double kMaxIntervalSeconds = 300.0;
}  // namespace

ReviewSession::ReviewSession(QObject* parent) : QObject(parent), m_worker(std::make_unique<StoreWorker>()) {
  m_autosave.setSingleShot(true);
  m_autosave.setInterval(300);
  connect(&m_autosave, &QTimer::timeout, this, &ReviewSession::saveNow);
  connect(m_worker.get(), &StoreWorker::taskFailed, this,
          [this](const QString& message) { Q_EMIT storeError(message); }, Qt::QueuedConnection);
  m_edit.editCommitted.connect([this] { onEditCommitted(); });
}

ReviewSession::~ReviewSession() { shutdown(); }

void ReviewSession::openDatabase(const QString& path) {
  if (m_open) shutdown();
  m_dbPath = path;
  m_open = false;
  m_case.reset();
  m_worker->open(path.toStdString(), this, [this](bool ok, bool writable, QString message) {
    m_open = ok;
    m_writable = writable;
    updateEditable();
    Q_EMIT databaseOpened(ok, writable, message);
  });
}

bool ReviewSession::editable() const {
  return m_case && m_case->reviewVersion && m_writable && !m_locked && !m_conflict;
}

void ReviewSession::updateEditable() {
  const bool e = editable();
  m_edit.setReadOnly(!e);
  Q_EMIT editableChanged(e);
}

double ReviewSession::takeSeconds() {
  if (!m_clock.isValid()) return 0.0;
  const double s = std::min(kMaxIntervalSeconds, m_clock.restart() / 1000.0);
  return s;
}

void ReviewSession::openCase(qint64 imageId) {
  flush();
  const quint64 request = ++m_request;
  Q_EMIT caseLoading(imageId);
  const std::string reader = m_reader.toStdString();
  m_worker->post([this, imageId, reader, request](StoreContext& ctx) {
    auto loaded = std::make_shared<review::ReviewCase>(ctx.cases->load(imageId, reader));
    ctx.writer->begin(*loaded, reader);
    QMetaObject::invokeMethod(this, [this, loaded, request] {
      if (request != m_request) return;  // the reader already moved on
      const std::string path = loaded->filePath;
      auto* watcher = new QFutureWatcher<CaseImage>(this);
      connect(watcher, &QFutureWatcher<CaseImage>::finished, this, [this, watcher, loaded, request] {
        watcher->deleteLater();
        if (request == m_request) applyLoaded(loaded, watcher->result());
      });
      watcher->setFuture(QtConcurrent::run([path] { return CaseImage::load(path); }));
    }, Qt::QueuedConnection);
  });
}

void ReviewSession::applyLoaded(std::shared_ptr<review::ReviewCase> loaded, CaseImage image) {
  m_case = std::move(loaded);
  m_image = std::move(image);
  m_conflict = false;
  m_dirty = false;
  // A case with a decision opens locked: editing it again is an explicit choice (unlock()).
  m_locked = m_case->status != store::ReviewStatus::Pending;
  m_applying = true;
  m_edit.setImageSize(QSize(m_case->width, m_case->height));
  if (m_case->reviewVersion)
    m_edit.setLandmarks(m_case->reviewVersion->landmarks, true);
  else
    m_edit.setLandmarks(format::LandmarkSet(), true);
  m_applying = false;
  updateEditable();
  m_clock.restart();
  Q_EMIT caseLoaded();
  if (!m_case->reviewVersion && m_case->modelHidden)
    Q_EMIT caseFailed(tr("%1: the model's proposal is hidden on this blind worklist and you have no version of "
                         "your own yet; you can reject it or flag it out of distribution")
                          .arg(QString::fromStdString(m_case->displayId)));
  else if (!m_case->reviewVersion)
    Q_EMIT caseFailed(tr("%1 has no segmentation yet: segment it first (Segment > Segment selected)")
                          .arg(QString::fromStdString(m_case->displayId)));
}

void ReviewSession::reloadCase() {
  if (m_case) openCase(m_case->image.id);
}

void ReviewSession::unlock() {
  m_locked = false;
  updateEditable();
}

void ReviewSession::resetToModel() {
  if (!editable() || !m_case->modelVersion) return;
  m_edit.resetToModel(m_case->modelVersion->landmarks);
}

void ReviewSession::onEditCommitted() {
  if (m_applying || !m_case) return;
  m_dirty = true;
  Q_EMIT saveStatusChanged(tr("Editing…"));
  m_autosave.start();
}

void ReviewSession::flush() {
  if (m_dirty) {
    m_autosave.stop();
    saveNow();
  }
}

void ReviewSession::saveNow() {
  if (!m_dirty || !m_case) return;
  m_dirty = false;
  if (!m_writable) {
    Q_EMIT saveStatusChanged(tr("Read-only database: edit not saved"));
    return;
  }
  const format::LandmarkSet landmarks = m_edit.landmarks();
  const double seconds = takeSeconds();
  const qint64 imageId = m_case->image.id;
  Q_EMIT saveStatusChanged(tr("Saving…"));
  m_worker->post([this, landmarks, seconds, imageId](StoreContext& ctx) {
    if (ctx.writer->imageId() != imageId) return;
    const review::SaveResult r = ctx.writer->save(landmarks, seconds);
    QMetaObject::invokeMethod(this, [this, r, imageId] {
      if (r.conflict) {
        reportConflict(imageId, r.message);
        Q_EMIT saveStatusChanged(tr("Not saved: conflict"));
        return;
      }
      Q_EMIT saveStatusChanged(r.message == "unchanged"
                                   ? tr("Saved")
                                   : tr("Saved as version %1 at %2").arg(r.versionId).arg(
                                         QTime::currentTime().toString("HH:mm:ss")));
      if (m_case && m_case->image.id == imageId) refreshCaseData();
    }, Qt::QueuedConnection);
  });
}

void ReviewSession::reportConflict(qint64 imageId, const std::string& message) {
  // Only the case still on screen stops taking edits; the message is shown either way.
  if (m_case && m_case->image.id == imageId) {
    m_conflict = true;
    updateEditable();
  }
  Q_EMIT conflictDetected(QString::fromStdString(message));
}

void ReviewSession::refreshCaseData() {
  if (!m_case) return;
  const qint64 imageId = m_case->image.id;
  const std::string reader = m_reader.toStdString();
  m_worker->post([this, imageId, reader](StoreContext& ctx) {
    auto fresh = std::make_shared<review::ReviewCase>(ctx.cases->load(imageId, reader));
    QMetaObject::invokeMethod(this, [this, fresh] {
      if (!m_case || m_case->image.id != fresh->image.id) return;
      m_case = fresh;  // landmarks in the editor stay as they are
      Q_EMIT caseDataChanged();
    }, Qt::QueuedConnection);
  });
}

void ReviewSession::decide(review::Decision decision, const QString& comment) {
  if (!m_case) return;
  if (!m_writable) {
    Q_EMIT decisionRecorded(-1, tr("Read-only database: decision not recorded"));
    return;
  }
  flush();
  const double seconds = takeSeconds();
  const qint64 imageId = m_case->image.id;
  const std::string text = comment.toStdString();
  m_worker->post([this, decision, seconds, imageId, text](StoreContext& ctx) {
    if (ctx.writer->imageId() != imageId) return;
    const review::SaveResult r = ctx.writer->decide(decision, seconds, text);
    QMetaObject::invokeMethod(this, [this, r, imageId, decision] {
      if (r.conflict) {
        reportConflict(imageId, r.message);
        return;
      }
      if (m_case && m_case->image.id == imageId && decision != review::Decision::Comment) {
        m_locked = true;
        updateEditable();
      }
      Q_EMIT decisionRecorded(int(r.status), tr("Decision recorded: %1").arg(statusLabel(r.status)));
      refreshCaseData();
    }, Qt::QueuedConnection);
  });
}

void ReviewSession::keepMine() {
  if (!m_case) return;
  m_worker->post([](StoreContext& ctx) { ctx.writer->resolveKeepMine(); });
  m_conflict = false;
  updateEditable();
  m_dirty = true;
  saveNow();
}

void ReviewSession::shutdown() {
  flush();
  m_worker->drain();
}

}  // namespace cxr::widgets
