#pragma once

#include "core/format/LandmarkSet.h"

#include <cstdint>
#include <vector>

namespace cxr::image {

/// Draws a radiograph-like chest image around a landmark set (internal to cxr_image, used by
/// SyntheticRadiograph). Works on an attenuation-like density map: body soft tissue with an
/// elliptic cross-section, air in the lungs, trachea and stomach, heart, aortic knob, spine,
/// ribs, clavicles, lung vessels; then exposure (1 - exp(-k D)), gamma and detector noise.
class ChestRenderer {
 public:
  /// Intensity in [0, 1], row-major height x width, bright = dense (lungs dark).
  /// `shape1024` is in the 1024 model space and is scaled anisotropically to width x height.
  static std::vector<float> render(const format::LandmarkSet& shape1024, int width, int height,
                                   uint64_t seed);
};

}  // namespace cxr::image
