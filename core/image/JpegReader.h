#pragma once
// Internal to cxr_image: JPEG decoding through libjpeg with its errors turned into ImageError.
// ITK 5.2's JPEGImageIO crashes (SEGV in jpeg_destroy) on some corrupt files, found by
// fuzz/FuzzImage.cpp; this reader replaces it for JPEG.

#include "core/image/ImageLoader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::image {

/// An 8-bit JPEG as libjpeg decodes it (default settings: islow DCT, fancy upsampling, as ITK).
struct DecodedJpeg {
  int width = 0, height = 0;
  int components = 0;          ///< 1 (grey) or 3 (RGB)
  std::vector<uint8_t> pixels; ///< row-major, interleaved components
  std::vector<std::string> warnings;  ///< libjpeg's warnings (corrupt data it worked around)
};

/// Decodes `path`; throws ImageError naming the file and libjpeg's message on any error, and
/// checks the size against `options` before allocating pixel memory.
DecodedJpeg readJpeg(const std::string& path, const LoadOptions& options);

}  // namespace cxr::image
