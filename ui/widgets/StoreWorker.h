#pragma once

#include "ui/widgets/TaskThread.h"

#include <QObject>

#include <functional>
#include <memory>
#include <string>

namespace cxr::store {
class ReviewStore;
}
namespace cxr::review {
class CaseService;
}

namespace cxr::widgets {

class CaseWriter;

/// What the store thread owns: the application's one write connection, the case service over it
/// and the autosave state of the case under review. Touched only on the store thread.
struct StoreContext {
  store::ReviewStore* store = nullptr;
  review::CaseService* cases = nullptr;
  CaseWriter* writer = nullptr;
  bool writable = false;
};

/// The thread that owns the write connection (architecture rule: one writer). Every database
/// write of the GUI and every case load is a task posted here, run in posting order, so the GUI
/// thread never waits on SQLite. Results come back with QMetaObject::invokeMethod to a receiver
/// on the GUI thread.
class StoreWorker : public QObject {
  Q_OBJECT

 public:
  StoreWorker();
  ~StoreWorker() override;

  /// Opens the database on the store thread (read-write, else read-only with a reason), then
  /// calls `done(ok, writable, message)` on `receiver`'s thread.
  void open(const std::string& path, QObject* receiver,
            std::function<void(bool ok, bool writable, QString message)> done);
  /// Runs `task` on the store thread after every task posted before it. Exceptions it throws
  /// are caught and reported through taskFailed(). Tasks posted before open() finished see
  /// the opened store.
  void post(std::function<void(StoreContext&)> task);
  /// Blocks until every task posted so far has run (used on close to flush autosaves).
  void drain();
  /// Path of the open database ("" before open()).
  std::string path() const { return m_path; }

 Q_SIGNALS:
  /// A task threw; `message` names the problem. Emitted on the store thread (queue it).
  void taskFailed(QString message);

 private:
  TaskThread m_thread{QStringLiteral("store")};
  std::string m_path;
  struct State;
  std::shared_ptr<State> m_state;
};

}  // namespace cxr::widgets
