#pragma once

#include "core/image/ImageLoader.h"

#include <string>

namespace cxr::image {

/// DICOM decoding through DCMTK (internal to cxr_image; ImageLoader is the public entry).
/// Own pixel path: stored values -> Modality LUT -> GreyMapping (VOI, MONOCHROME1, min-max).
class DicomReader {
 public:
  /// Reads the first frame of a DICOM file; throws ImageError naming file and cause.
  static LoadedImage read(const std::string& path, const LoadOptions& options);
};

}  // namespace cxr::image
