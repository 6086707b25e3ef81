#pragma once

#include "core/format/ComparisonMetrics.h"
#include "core/format/LandmarkSet.h"

namespace cxr::editor {

/// Measurements refreshed while the reviewer edits.
class LiveMetrics {
 public:
  /// Cardiothoracic ratio: widest heart width (max x - min x of the heart contour) over the
  /// widest thoracic width (max x - min x over both lungs); NaN when the thorax has no width.
  static double cardiothoracicRatio(const format::LandmarkSet& landmarks);

  /// Dice (lungs, heart), Hausdorff and HD95 (in original pixels) and landmark MSE of an edited
  /// set against a reference, both in the pixels of a height x width image, computed with
  /// format::Rasterizer and format::ComparisonMetrics. When the image's longer side exceeds
  /// `maxSide`, both sets are scaled by maxSide / longer side and rasterised on the smaller
  /// canvas so an update stays interactive: Dice and distances are then approximate (distances
  /// are scaled back to original pixels, so they are quantised to 1 / scale). The MSE always
  /// uses the unscaled landmarks. Metrics stored with a saved version are computed exactly at
  /// full resolution elsewhere; these are for display only.
  static format::ComparisonResult compareToReference(const format::LandmarkSet& edited,
                                                     const format::LandmarkSet& reference,
                                                     int height, int width, int maxSide = 1024);
};

}  // namespace cxr::editor
