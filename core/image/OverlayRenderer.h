#pragma once

#include "core/format/LandmarkSet.h"

#include <cstdint>
#include <vector>

namespace cxr::image {

/// Draws a segmentation over a grey radiograph for quick visual review (CLI `overlay`, reports):
/// translucent organ fills, contour rings and landmark dots, in original pixels.
class OverlayRenderer {
 public:
  struct Options {
    double fillOpacity = 0.25;  ///< 0 = contours only
    bool drawLandmarks = true;
  };

  /// RGB (height * width * 3) of `grey8` with the organs of `landmarks` drawn on it:
  /// right lung blue, left lung green, heart red.
  static std::vector<uint8_t> render(const uint8_t* grey8, int width, int height,
                                     const format::LandmarkSet& landmarks, const Options& options);
  static std::vector<uint8_t> render(const uint8_t* grey8, int width, int height,
                                     const format::LandmarkSet& landmarks) {
    return render(grey8, width, height, landmarks, Options{});
  }
};

}  // namespace cxr::image
