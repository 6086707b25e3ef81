#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <vector>

namespace cxr::store {

class Connection;

/// Per-image failures recorded during imports and runs (the run itself goes on).
class ImageErrorRepository {
 public:
  explicit ImageErrorRepository(Connection& connection) : m_db(connection) {}

  /// Records a failure; an identical failure (same image/file, stage, model, message) is
  /// stored once.
  RowId record(const ImageErrorInfo& error);
  /// Failures of a dataset (all datasets when empty), oldest first.
  std::vector<ImageErrorRecord> list(std::optional<RowId> datasetId = std::nullopt);
  std::int64_t count();

 private:
  Connection& m_db;
};

}  // namespace cxr::store
