#pragma once

#include "core/format/LandmarkSet.h"

namespace cxr::image {

/// Geometry of one CheXmask preprocessing (chexmask-format.md section 5): what was cropped,
/// how the square was padded and its side, so model-space landmarks map back exactly.
struct PreprocessRecord {
  int originalHeight = 0, originalWidth = 0;  ///< image before cropping
  int cropLeft = 0, cropTop = 0, cropRight = 0, cropBottom = 0;  ///< pixels removed per side
  int padLeft = 0, padTop = 0;  ///< zero columns/rows added before the cropped image
  int squareSide = 0;           ///< S = max(cropped height, cropped width)
  int modelSize = 1024;         ///< side of the model-space image

  /// The geometry of an uncropped height x width image: centred padding to S = max(h, w).
  static PreprocessRecord squarePadding(int height, int width, int modelSize);

  /// The spec's inverse, per coordinate: round(v / modelSize * S - pad + crop), halves away
  /// from zero.
  format::LandmarkSet toOriginal(const format::LandmarkSet& modelSpace) const;
  /// The same without the final rounding.
  format::LandmarkSet toOriginalUnrounded(const format::LandmarkSet& modelSpace) const;
  /// Forward mapping of original-pixel landmarks: (v - crop + pad) * modelSize / S (unrounded).
  format::LandmarkSet toModel(const format::LandmarkSet& original) const;
  /// Forward mapping of one point.
  format::Point toModel(const format::Point& original) const;
  /// Inverse mapping of one point, unrounded.
  format::Point toOriginalUnrounded(const format::Point& modelSpace) const;
  /// Model pixels per original pixel (modelSize / S).
  double scale() const { return squareSide > 0 ? double(modelSize) / squareSide : 0.0; }
};

}  // namespace cxr::image
