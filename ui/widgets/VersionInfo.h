#pragma once

#include <QString>

namespace cxr::widgets {

/// "0.1.0 (git abc1234)".
QString versionString();
/// One line per library: Qt, VTK, ITK, LibTorch, DCMTK, SQLite (as built and as running).
QString libraryVersions();

}  // namespace cxr::widgets
