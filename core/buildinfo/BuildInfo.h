#pragma once
// The CheXReview version and the git revision these binaries were built from, plus the
// plain record the layers use to report the third-party libraries they link.

#include <string>
#include <vector>

namespace cxr::buildinfo {

/// "0.1.0" (the CMake project version).
const char* version();
/// Short git revision the build came from, "unknown" when built outside git.
const char* gitRevision();
/// "<program> 0.1.0 (git abc1234567)".
std::string versionLine(const std::string& program);

/// One third-party library as the running process reports it ("SQLite", "3.40.1").
struct LibraryVersion {
  std::string name;
  std::string version;
};

/// One "Name version" line per library, in the given order.
std::string libraryLines(const std::vector<LibraryVersion>& libraries);

}  // namespace cxr::buildinfo
