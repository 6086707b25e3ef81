#pragma once

#include "core/engine/ImageOutcome.h"

#include <vector>

namespace cxr::engine {

/// The store side of a run. Only the engine's single writer thread calls it, so an
/// implementation owns one database connection and needs no locking.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  /// Persists a group of outcomes (segmentations and per-image errors) in one transaction:
  /// after a crash either all of them are stored or none. Throws when the store fails;
  /// the engine then stops the run and rethrows.
  virtual void write(const std::vector<ImageOutcome>& outcomes) = 0;
};

}  // namespace cxr::engine
