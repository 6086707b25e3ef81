#include "ui/widgets/StoreWorker.h"

#include "core/review/CaseService.h"
#include "core/store/ReviewStore.h"
#include "ui/widgets/CaseWriter.h"

#include <exception>

namespace cxr::widgets {

struct StoreWorker::State {
  std::unique_ptr<store::ReviewStore> store;
  std::unique_ptr<review::CaseService> cases;
  std::unique_ptr<CaseWriter> writer;
  StoreContext context;
};

StoreWorker::StoreWorker() : m_state(std::make_shared<State>()) {}

StoreWorker::~StoreWorker() {
  // Close the connection on its own thread, then stop the thread.
  auto state = m_state;
  m_thread.stop([state] {
    state->writer.reset();
    state->cases.reset();
    state->store.reset();
  });
}

void StoreWorker::open(const std::string& path, QObject* receiver,
                       std::function<void(bool, bool, QString)> done) {
  m_path = path;
  auto state = m_state;
  m_thread.post([state, path, receiver, done] {
    bool ok = false, writable = false;
    QString message;
    state->writer.reset();
    state->cases.reset();
    state->store.reset();
    try {
      state->store = std::make_unique<store::ReviewStore>(path);
      writable = true;
      ok = true;
    } catch (const std::exception& e) {
      message = QString::fromStdString(e.what());
      // A read-only file or folder, or a database locked by another writer: open for reading.
      try {
        store::StoreOptions ro;
        ro.readOnly = true;
        state->store = std::make_unique<store::ReviewStore>(path, ro);
        ok = true;
        message = QStringLiteral("opened read-only (%1)").arg(message);
      } catch (const std::exception&) {
      }
    }
    if (ok) {
      state->cases = std::make_unique<review::CaseService>(*state->store);
      state->writer = std::make_unique<CaseWriter>(*state->cases);
    }
    state->context = {state->store.get(), state->cases.get(), state->writer.get(), writable};
    QMetaObject::invokeMethod(receiver, [done, ok, writable, message] { done(ok, writable, message); },
                              Qt::QueuedConnection);
  });
}

void StoreWorker::post(std::function<void(StoreContext&)> task) {
  auto state = m_state;
  m_thread.post([this, state, task] {
    if (!state->store) {
      Q_EMIT taskFailed(QStringLiteral("no review database is open"));
      return;
    }
    try {
      task(state->context);
    } catch (const std::exception& e) {
      Q_EMIT taskFailed(QString::fromStdString(e.what()));
    }
  });
}

void StoreWorker::drain() {
  m_thread.runAndWait([] {});
}

}  // namespace cxr::widgets
