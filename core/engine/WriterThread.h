#pragma once

#include "core/engine/BoundedQueue.h"
#include "core/engine/CancellationToken.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressTracker.h"

#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace cxr::engine {

/// The single thread that owns the store's write connection during a run: it takes results
/// of type T from a bounded queue, stores them in group transactions through `flush` and
/// reports progress. Every store write of a run happens on this thread, so SQLite sees
/// exactly one writer and the producing workers never wait on the database lock.
template <typename T>
class WriterThread {
 public:
  /// Stores a group in one transaction; returns how many of its elements are failures.
  using Flush = std::function<int64_t(std::vector<T>& group)>;

  /// Starts the thread; on a store failure it cancels `stopOnFailure` so the producers stop.
  WriterThread(Flush flush, ProgressSink* sink, int64_t total, const PipelineOptions& options,
               CancellationToken stopOnFailure)
      : m_flush(std::move(flush)),
        m_maxGroup(size_t(options.maxGroupCommit > 0 ? options.maxGroupCommit : 1)),
        m_stop(std::move(stopOnFailure)),
        m_queue(size_t(options.writerQueueCapacity > 0 ? options.writerQueueCapacity : 1)),
        m_tracker(sink, total, options.progressInterval),
        m_thread([this] { loop(); }) {}

  /// Joins (close() should have been called; this only guards early exits).
  ~WriterThread() {
    m_queue.close();
    if (m_thread.joinable()) m_thread.join();
  }
  WriterThread(const WriterThread&) = delete;
  WriterThread& operator=(const WriterThread&) = delete;

  /// Queues one result; blocks while the queue is full; false after a store failure.
  bool submit(T value) { return m_queue.push(std::move(value)); }

  /// No more results: waits until everything queued is stored, sends the final progress and
  /// rethrows the store failure if there was one.
  void close() {
    m_queue.close();
    if (m_thread.joinable()) m_thread.join();
    m_tracker.finish();
    if (m_failure) std::rethrow_exception(m_failure);
  }

  int64_t stored() const { return m_stored; }  ///< results stored (failures included)
  int64_t failed() const { return m_failed; }  ///< of them, failures

 private:
  void loop() {
    std::vector<T> group;
    while (!m_queue.finished()) {
      auto first = m_queue.pop(std::chrono::milliseconds(100));
      if (!first) continue;
      group.push_back(std::move(*first));
      // Group commit: whatever is already waiting goes into the same transaction, so the
      // writer keeps up with fast producers without one fsync per image.
      while (group.size() < m_maxGroup) {
        auto next = m_queue.tryPop();
        if (!next) break;
        group.push_back(std::move(*next));
      }
      try {
        const int64_t failed = m_flush(group);
        m_stored += int64_t(group.size());
        m_failed += failed;
        m_tracker.add(int64_t(group.size()), failed);
        group.clear();
      } catch (...) {
        m_failure = std::current_exception();
        m_stop.cancel();
        m_queue.close();
        while (m_queue.tryPop()) {
        }
        return;
      }
    }
  }

  Flush m_flush;
  size_t m_maxGroup;
  CancellationToken m_stop;
  BoundedQueue<T> m_queue;
  ProgressTracker m_tracker;
  std::exception_ptr m_failure;
  int64_t m_stored = 0;
  int64_t m_failed = 0;
  std::thread m_thread;  // last: starts after every member above is ready
};

}  // namespace cxr::engine
