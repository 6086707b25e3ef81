#include "core/buildinfo/BuildInfo.h"

#include "GitRevision.h"

#ifndef CXR_VERSION
#error "CXR_VERSION is set by core/buildinfo/CMakeLists.txt"
#endif

namespace cxr::buildinfo {

const char* version() { return CXR_VERSION; }
const char* gitRevision() { return CXR_GIT_REVISION; }

std::string versionLine(const std::string& program) {
  return program + " " + version() + " (git " + gitRevision() + ")";
}

std::string libraryLines(const std::vector<LibraryVersion>& libraries) {
  std::string out;
  for (const auto& lib : libraries) out += lib.name + " " + lib.version + "\n";
  return out;
}

}  // namespace cxr::buildinfo
