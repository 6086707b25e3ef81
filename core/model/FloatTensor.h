#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::model {

/// A dense row-major float32 array with its shape: the torch-free way tensors cross the
/// boundary of the model library (tests, tools).
struct FloatTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;

  /// Product of the shape (1 for a scalar shape {}).
  int64_t numel() const;
  /// "[1, 60, 16]".
  std::string shapeText() const;
};

}  // namespace cxr::model
