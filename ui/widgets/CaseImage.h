#pragma once

#include "core/image/ImageMetadata.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cxr::widgets {

/// The decoded pixels of the case under review, shared with the image view without copying.
struct CaseImage {
  std::shared_ptr<const std::vector<float>> pixels;  ///< full depth, row-major (empty on error)
  int width = 0, height = 0;
  float minValue = 0, maxValue = 0;
  bool monochrome1 = false;
  std::optional<std::pair<double, double>> defaultWindow;  ///< DICOM window (centre, width)
  image::ImageMetadata metadata;
  std::string error;  ///< why the pixels could not be read ("" when they were)

  /// Decodes `path` (DICOM, PNG, JPEG, ...); never throws: failures land in `error`.
  static CaseImage load(const std::string& path);
};

}  // namespace cxr::widgets
