#pragma once
// Versions of the third-party libraries core/format links (for --version and the About box).

#include "core/buildinfo/BuildInfo.h"

#include <vector>

namespace cxr::format {

/// OpenCV and zlib, as reported by the loaded libraries at run time.
std::vector<buildinfo::LibraryVersion> libraryVersions();

}  // namespace cxr::format
