#pragma once

#include "core/image/LoadedImage.h"

#include <cstdint>
#include <string>

namespace cxr::image {

/// How 16-bit (and other high-depth) raster files become the 8-bit model rendering.
enum class HighDepthTo8 {
  MinMax,       ///< (v - min) / (max - min) * 255, truncated, as for DICOM (default)
  DivideBy256,  ///< v / 256 rounded, as OpenCV's imread(IMREAD_GRAYSCALE)
};

/// Options of ImageLoader::load.
struct LoadOptions {
  /// Index into ImageMetadata::voiOptions used for the 8-bit rendering of DICOM files
  /// (0 = the first VOI LUT or window, as the CheXmask preprocessing); -1 = no VOI step.
  int voiIndex = 0;
  /// Images with more pixels than this are refused before any pixel memory is allocated.
  int64_t maxPixels = int64_t(12288) * 12288;
  /// Largest accepted side in pixels.
  int maxSide = 20000;
  HighDepthTo8 highDepthTo8 = HighDepthTo8::MinMax;
};

/// File formats ImageLoader recognises from the first bytes of a file.
enum class FileFormat { Unknown, Dicom, Png, Jpeg, Tiff, Bmp };

/// Loads radiographs: DICOM through DCMTK, PNG/JPEG/TIFF/BMP through ITK. The format is
/// recognised from the content, never from the file name.
class ImageLoader {
 public:
  /// Reads `path`; throws ImageError naming the file and the cause (missing, empty, truncated,
  /// not an image, too large, unsupported transfer syntax, ...).
  static LoadedImage load(const std::string& path, const LoadOptions& options = {});
  /// Format of a file from its first bytes (Unknown when unrecognised); throws ImageError when
  /// the file cannot be opened or is empty.
  static FileFormat detectFormat(const std::string& path);
  /// "DICOM", "PNG", ...
  static const char* formatName(FileFormat format);
  /// Throws ImageError unless width x height is acceptable under `options`.
  static void checkSize(const std::string& path, int64_t width, int64_t height,
                        const LoadOptions& options);
};

}  // namespace cxr::image
