#pragma once

#include "core/image/ImageLoader.h"

#include <cstdint>
#include <string>

namespace cxr::image {

/// PNG/JPEG/TIFF/BMP reading and PNG writing through ITK's ImageIO classes (internal to
/// cxr_image; ImageLoader and ImageWriter are the public entries). ITK headers stay in the .cpp.
class RasterIO {
 public:
  /// Reads a raster file already identified as `format`; colour becomes grey (ITU-R 601 luma).
  static LoadedImage read(const std::string& path, FileFormat format, const LoadOptions& options);
  /// Writes a grey PNG of 8 or 16 bits per pixel (`pixels` holds uint8_t or uint16_t values).
  static void writePng(const std::string& path, const void* pixels, int width, int height,
                       int bitsPerPixel);
  /// Writes an 8-bit RGB PNG (`rgb` holds width * height * 3 bytes, row-major).
  static void writePngRgb(const std::string& path, const uint8_t* rgb, int width, int height);
};

}  // namespace cxr::image
