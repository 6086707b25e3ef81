#pragma once

#include "core/image/ImageMetadata.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::image {

/// The display pipeline after the Modality LUT (chexmask-format.md section 5): VOI LUT or
/// window, then MONOCHROME1 inversion, then min-max to 8 bits. Double precision throughout.
class GreyMapping {
 public:
  /// Applies one VOI option to modality values; output in [0, 1] (windows) or LUT units.
  static std::vector<double> applyVoi(const std::vector<float>& values, const VoiOption& voi);
  /// The DICOM window functions (PS3.3 C.11.2.1.2/3) for one value, output in [0, 1].
  static double window(double x, double center, double width, const std::string& function);
  /// v -> max - v over the whole image (MONOCHROME1 is inverted after the VOI step).
  static void invert(std::vector<double>& values);
  /// floor((v - min) / (max - min) * 255), numpy's astype(uint8) of the scaled values; all
  /// zeros when the image is constant.
  static std::vector<uint8_t> minMaxTo8(const std::vector<double>& values);
  /// The complete rendering: VOI (when `voi` is given), inversion (when `monochrome1`), min-max.
  static std::vector<uint8_t> render(const std::vector<float>& values, const VoiOption* voi,
                                     bool monochrome1);
};

}  // namespace cxr::image
