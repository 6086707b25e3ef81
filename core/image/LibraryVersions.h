#pragma once
// Versions of the third-party libraries core/image links (ITK, DCMTK); their headers stay here.

#include "core/buildinfo/BuildInfo.h"

#include <vector>

namespace cxr::image {

/// ITK as reported by the loaded ITKCommon library; DCMTK as compiled against (DCMTK has no
/// run-time version call; Debian's libdcmtk17 soname pins the 3.6.7 series).
std::vector<buildinfo::LibraryVersion> libraryVersions();

}  // namespace cxr::image
