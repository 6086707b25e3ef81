#pragma once

#include "core/review/CaseService.h"
#include "ui/editor/LandmarkEditModel.h"
#include "ui/widgets/CaseImage.h"
#include "ui/widgets/StoreWorker.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace cxr::widgets {

/// The application logic of reviewing one case at a time (no widgets): opens the database on
/// the store thread, loads a case and decodes its image off the GUI thread, owns the landmark
/// edit model, autosaves every finished gesture as a version within `autosaveDelayMs`, records
/// decisions, accounts the reader's time, and reports conflicts with other sessions.
class ReviewSession : public QObject {
  Q_OBJECT

 public:
  explicit ReviewSession(QObject* parent = nullptr);
  ~ReviewSession() override;

  /// Opens (or creates) a review database; databaseOpened() tells the outcome.
  void openDatabase(const QString& path);
  QString databasePath() const { return m_dbPath; }
  bool databaseOpen() const { return m_open; }
  bool writable() const { return m_writable; }
  void setReader(const QString& reader) { m_reader = reader; }
  QString reader() const { return m_reader; }

  /// Saves what is pending, then loads the case of `imageId` (caseLoaded / caseFailed follow).
  void openCase(qint64 imageId);
  /// Reloads the current case from the store (after a conflict: shows the other session's work).
  void reloadCase();
  /// The case under review (nullptr before the first load).
  const review::ReviewCase* currentCase() const { return m_case.get(); }
  const CaseImage& currentImage() const { return m_image; }
  editor::LandmarkEditModel& editModel() { return m_edit; }
  /// True when the case is open for editing (unlocked, writable database, no conflict).
  bool editable() const;
  /// Unlocks a case that already has a decision, so it can be edited again.
  void unlock();
  /// Replaces the landmarks with the model's proposal (one undo step; autosaved).
  void resetToModel();
  /// Records a decision (after saving the pending edit).
  void decide(review::Decision decision, const QString& comment = {});
  /// After a conflict: keep this session's landmarks and save them over the other version.
  void keepMine();
  /// Saves the pending edit now (image switch, close).
  void flush();
  /// flush() and wait until the store thread has written everything (application exit).
  void shutdown();
  /// Milliseconds between the end of a gesture and its autosave.
  void setAutosaveDelay(int ms) { m_autosave.setInterval(ms); }
  StoreWorker& worker() { return *m_worker; }

 Q_SIGNALS:
  void databaseOpened(bool ok, bool writable, QString message);
  void caseLoading(qint64 imageId);
  void caseLoaded();
  void caseFailed(QString message);
  /// The case's metadata changed after a save or decision (versions list, status).
  void caseDataChanged();
  void saveStatusChanged(QString text);
  void conflictDetected(QString message);
  void decisionRecorded(int status, QString message);
  void editableChanged(bool editable);
  void storeError(QString message);

 private:
  void onEditCommitted();
  void saveNow();
  double takeSeconds();
  void applyLoaded(std::shared_ptr<review::ReviewCase> loaded, CaseImage image);
  void reportConflict(qint64 imageId, const std::string& message);
  void refreshCaseData();
  void updateEditable();

  std::unique_ptr<StoreWorker> m_worker;
  editor::LandmarkEditModel m_edit;
  std::shared_ptr<review::ReviewCase> m_case;
  CaseImage m_image;
  QString m_dbPath, m_reader;
  bool m_open = false, m_writable = false, m_locked = false, m_conflict = false, m_dirty = false;
  bool m_applying = false;
  quint64 m_request = 0;
  QTimer m_autosave;
  QElapsedTimer m_clock;
};

}  // namespace cxr::widgets
