#pragma once
// The LibTorch version (torch headers stay inside core/model).

#include "core/buildinfo/BuildInfo.h"

#include <vector>

namespace cxr::model {

/// LibTorch as the loaded libtorch_cpu reports it (the TORCH_VERSION of its build settings).
/// Debian's libtorch1.13 package 1.13.1+dfsg reports 1.13.0: that is what its build says.
std::vector<buildinfo::LibraryVersion> libraryVersions();

}  // namespace cxr::model
