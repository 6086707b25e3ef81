#pragma once
// The SQLite version (sqlite3.h stays inside core/store).

#include "core/buildinfo/BuildInfo.h"

#include <vector>

namespace cxr::store {

/// SQLite as reported by the loaded library (sqlite3_libversion()).
std::vector<buildinfo::LibraryVersion> libraryVersions();

}  // namespace cxr::store
