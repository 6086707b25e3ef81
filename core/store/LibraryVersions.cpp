#include "core/store/LibraryVersions.h"

#include <sqlite3.h>

namespace cxr::store {

std::vector<buildinfo::LibraryVersion> libraryVersions() { return {{"SQLite", sqlite3_libversion()}}; }

}  // namespace cxr::store
