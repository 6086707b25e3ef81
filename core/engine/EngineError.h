#pragma once

#include <stdexcept>

namespace cxr::engine {

/// A run cannot go on (bad options, a store failure in the writer, a bad shard spec).
/// Per-image problems are not thrown: they are recorded as that image's error.
class EngineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::engine
