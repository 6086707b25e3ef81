#pragma once

#include "core/engine/InputGeometry.h"
#include "core/format/LandmarkSet.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxr::engine {

/// An image decoded and preprocessed to the model's square input, plus what is needed to map
/// the model's landmarks back to the original pixels.
struct PreparedImage {
  std::vector<uint8_t> pixels;  ///< size x size grey values, row-major (model input = value/255)
  int size = 0;                 ///< side of the model input
  int originalHeight = 0;       ///< rows of the source image
  int originalWidth = 0;        ///< columns of the source image
  /// Maps landmarks of the 1024 x 1024 preprocessed space to original pixels (rounded).
  std::function<format::LandmarkSet(const format::LandmarkSet&)> toOriginal;
  /// The preprocessing geometry behind `toOriginal`, when the preparer knows it (stored with
  /// the result so a reviewer can convert between the two landmark spaces later).
  std::optional<InputGeometry> geometry;
};

}  // namespace cxr::engine
