#pragma once

#include <cstdint>
#include <string>

namespace cxr::engine {

/// One image to process: its store id, its stable key and where to read it.
struct WorkItem {
  int64_t imageId = 0;  ///< id in the store (0 when the run is not store-backed)
  std::string key;      ///< stable identity used for sharding and messages (relative path)
  std::string path;     ///< file to read (absolute, or relative to the working directory)
};

}  // namespace cxr::engine
