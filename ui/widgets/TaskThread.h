#pragma once

#include <QObject>
#include <QThread>

#include <functional>

namespace cxr::widgets {

/// A thread that runs posted tasks one at a time, in posting order (the store writer, the
/// worklist reader). The owner keeps its thread-confined state in the tasks' captures.
class TaskThread {
 public:
  /// Starts the thread, named `name` (visible in debuggers).
  explicit TaskThread(const QString& name);
  /// Runs `last` on the thread (to close what lives there), then stops and joins it.
  void stop(const std::function<void()>& last);
  ~TaskThread();
  TaskThread(const TaskThread&) = delete;
  TaskThread& operator=(const TaskThread&) = delete;

  /// Queues `task`; returns at once.
  void post(std::function<void()> task);
  /// Runs `task` on the thread and waits for it (and for everything posted before it).
  void runAndWait(const std::function<void()>& task);

 private:
  QThread m_thread;
  QObject* m_context = nullptr;  ///< lives on m_thread; tasks are invoked on it
  bool m_stopped = false;
};

}  // namespace cxr::widgets
