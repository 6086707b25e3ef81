#pragma once

#include <QString>

namespace cxr::widgets {

/// "0.1.0 (git abc1234567)": the version and the git revision the build came from.
QString versionString();
/// One line per linked library, as the running process reports it: Qt, VTK, ITK, DCMTK,
/// LibTorch, SQLite, OpenCV, zlib ("Qt 6.4.2").
QString libraryVersions();

}  // namespace cxr::widgets
