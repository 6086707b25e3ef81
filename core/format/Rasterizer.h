#pragma once

#include "core/format/LandmarkSet.h"
#include "core/format/Mask.h"

#include <vector>

namespace cxr::format {

/// Fills organ polygons exactly as the CheXmask release: OpenCV drawContours, thickness -1,
/// on the polygon with coordinates truncated to int (chexmask-format.md section 2).
class Rasterizer {
 public:
  /// Filled polygon (interior and 8-connected boundary) on a height x width canvas.
  static Mask fillPolygon(const std::vector<Point>& polygon, int height, int width);
  /// The mask of one organ of a landmark set.
  static Mask organMask(const LandmarkSet& landmarks, Organ organ, int height, int width);
  /// Label map: lungs 1, heart 2 drawn last (values 0/1/2, row-major).
  static std::vector<uint8_t> labelMap(const LandmarkSet& landmarks, int height, int width);
};

}  // namespace cxr::format
