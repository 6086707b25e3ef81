#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace cxr::format {

/// A closable multi-producer queue (the format layer's, so that the CSV import's reading thread and
/// the engine's pipelines share it) with a fixed capacity: producers block while it is full
/// (back-pressure keeps memory flat when the writer is the slow stage).
template <typename T>
class BoundedQueue {
 public:
  /// A queue holding at most `capacity` (>= 1) elements.
  explicit BoundedQueue(size_t capacity) : m_capacity(capacity < 1 ? 1 : capacity) {}

  /// Blocks while full; returns false (dropping the value) once the queue is closed.
  bool push(T value) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_notFull.wait(lock, [&] { return m_closed || m_items.size() < m_capacity; });
    if (m_closed) return false;
    m_items.push_back(std::move(value));
    m_notEmpty.notify_one();
    return true;
  }

  /// Waits up to `timeout` for an element; empty when none arrived or the queue is closed
  /// and drained.
  std::optional<T> pop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_notEmpty.wait_for(lock, timeout, [&] { return m_closed || !m_items.empty(); });
    return takeLocked();
  }

  /// Takes an element if one is ready, without waiting.
  std::optional<T> tryPop() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return takeLocked();
  }

  /// No more pushes; pending elements can still be popped.
  void close() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_closed = true;
    m_notFull.notify_all();
    m_notEmpty.notify_all();
  }

  /// True once closed and empty: a consumer can stop.
  bool finished() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_closed && m_items.empty();
  }

 private:
  std::optional<T> takeLocked() {
    if (m_items.empty()) return std::nullopt;
    T value = std::move(m_items.front());
    m_items.pop_front();
    m_notFull.notify_one();
    return value;
  }

  const size_t m_capacity;
  mutable std::mutex m_mutex;
  std::condition_variable m_notFull;
  std::condition_variable m_notEmpty;
  std::deque<T> m_items;
  bool m_closed = false;
};

}  // namespace cxr::format
