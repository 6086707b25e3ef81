#pragma once

#include <atomic>
#include <memory>

namespace cxr::engine {

/// A shared stop flag: the GUI or a signal handler sets it, every pipeline stage polls it.
/// Copies share the same flag, so a token can be handed to a run and kept by its caller.
class CancellationToken {
 public:
  /// A fresh, not-cancelled token.
  CancellationToken();

  /// Requests a stop; safe from any thread (and from a signal handler: one lock-free store).
  void cancel() const;
  /// True once cancel() was called on this token or any copy of it.
  bool isCancelled() const;

 private:
  std::shared_ptr<std::atomic<bool>> m_flag;
};

}  // namespace cxr::engine
