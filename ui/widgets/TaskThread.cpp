#include "ui/widgets/TaskThread.h"

namespace cxr::widgets {

TaskThread::TaskThread(const QString& name) {
  m_thread.setObjectName(name);
  m_context = new QObject;
  m_context->moveToThread(&m_thread);
  QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
  m_thread.start();
}

void TaskThread::stop(const std::function<void()>& last) {
  if (m_stopped) return;
  runAndWait(last);
  m_thread.quit();
  m_thread.wait();
  m_stopped = true;
}

TaskThread::~TaskThread() {
  stop([] {});
}

void TaskThread::post(std::function<void()> task) {
  QMetaObject::invokeMethod(m_context, std::move(task));
}

void TaskThread::runAndWait(const std::function<void()>& task) {
  QMetaObject::invokeMethod(m_context, task, Qt::BlockingQueuedConnection);
}

}  // namespace cxr::widgets
