#pragma once

#include "core/image/PreprocessRecord.h"

#include <cstdint>
#include <vector>

namespace cxr::image {

/// The model-space image and the record that maps landmarks back.
struct PreprocessedImage {
  std::vector<uint8_t> pixels;  ///< size x size, row-major, 8-bit grey
  int size = 0;
  PreprocessRecord record;
};

/// CheXmask preprocessing (chexmask-format.md section 5): optional black-border crop, centred
/// zero padding to a square, OpenCV INTER_LINEAR resize on 8-bit data.
class Preprocessor {
 public:
  /// Model-space image of an 8-bit grey image; throws std::invalid_argument on bad sizes.
  static PreprocessedImage toModelSpace(const uint8_t* grey8, int height, int width, int size,
                                        bool cropBlackBorders);
  /// The bounding box of pixels > 1 as crop amounts (left, top, right, bottom) in `record`;
  /// an image with no such pixel is not cropped.
  static void findBlackBorders(const uint8_t* grey8, int height, int width,
                               PreprocessRecord& record);
};

}  // namespace cxr::image
