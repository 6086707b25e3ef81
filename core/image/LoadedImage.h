#pragma once

#include "core/image/ImageMetadata.h"

#include <cstdint>
#include <vector>

namespace cxr::image {

/// A decoded image: full-depth grey values for window/level display and the 8-bit rendering
/// the model uses (chexmask-format.md section 5), both row-major, height x width.
struct LoadedImage {
  int width = 0;
  int height = 0;
  /// Full-depth grey values: DICOM after the Modality LUT (rescale), raster files as stored
  /// (colour converted to grey). Display them with a window; see `monochrome1`.
  std::vector<float> pixels;
  float minValue = 0.0f;  ///< smallest value of `pixels`
  float maxValue = 0.0f;  ///< largest value of `pixels`
  /// True for MONOCHROME1: high values are dark, so a display window must be inverted.
  bool monochrome1 = false;
  /// 8-bit model rendering, lungs dark: VOI, MONOCHROME1 inversion, min-max to 0..255.
  std::vector<uint8_t> grey8;
  ImageMetadata metadata;
};

}  // namespace cxr::image
