// libFuzzer target: radiograph loading (format from content: DICOM through DCMTK, PNG/JPEG/
// TIFF/BMP through ITK) into the 8-bit rendering. Bad input must end in cxr::image::ImageError.
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = cxr::fuzz::writeInput(data, size, "in.img");
  try {
    cxr::image::LoadOptions options;
    options.maxPixels = int64_t(4096) * 4096;  // keep each run's memory well under -rss_limit_mb
    (void)cxr::image::ImageLoader::load(path, options);
  } catch (const cxr::image::ImageError&) {
  }
  return 0;
}
