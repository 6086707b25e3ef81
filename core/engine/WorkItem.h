#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace cxr::engine {

/// One image to process: its store id, its stable key and where to read it.
struct WorkItem {
  WorkItem() = default;
  WorkItem(int64_t id, std::string itemKey, std::string itemPath)
      : imageId(id), key(std::move(itemKey)), path(std::move(itemPath)) {}

  int64_t imageId = 0;  ///< id in the store (0 when the run is not store-backed)
  std::string key;      ///< stable identity used for sharding and messages (relative path)
  std::string path;     ///< file to read (absolute, or relative to the working directory)
  /// What the store registered for the file (empty / negative / 0: not checked). A file that
  /// no longer matches (replaced by another image) fails instead of being segmented under
  /// the old record.
  std::string expectedSha256;
  int64_t expectedSize = -1;
  int expectedWidth = 0, expectedHeight = 0;
};

}  // namespace cxr::engine
