#include "core/format/LibraryVersions.h"

#include <opencv2/core/utility.hpp>
#include <zlib.h>

namespace cxr::format {

std::vector<buildinfo::LibraryVersion> libraryVersions() {
  return {{"OpenCV", cv::getVersionString()}, {"zlib", zlibVersion()}};
}

}  // namespace cxr::format
