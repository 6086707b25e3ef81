#pragma once

#include "core/engine/PreparedImage.h"
#include "core/engine/WorkItem.h"

namespace cxr::engine {

/// Decode + preprocess stage: turns a work item into the model's input.
/// Called concurrently from several worker threads, so implementations must be thread-safe.
class ImagePreparer {
 public:
  virtual ~ImagePreparer() = default;
  /// Reads and preprocesses one image to size x size; throws (any std::exception, with a
  /// message naming the file and the cause) when the image cannot be used.
  virtual PreparedImage prepare(const WorkItem& item, int size) const = 0;
};

}  // namespace cxr::engine
