#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Datasets (imported CSVs or folders) and the images they contain under their own ids.
class DatasetRepository {
 public:
  explicit DatasetRepository(Connection& connection) : m_db(connection) {}

  /// Returns the dataset named `info.name`, creating it when absent (an existing dataset keeps
  /// its stored fields; an empty column list is filled in).
  RowId ensureDataset(const DatasetInfo& info);
  std::optional<DatasetRecord> find(RowId id);
  std::optional<DatasetRecord> findByName(const std::string& name);
  std::vector<DatasetRecord> list();
  /// Adds an image to a dataset under `externalId` (CSV ID value or relative file path);
  /// idempotent. `rowIndex` is the order of the row in the source (export keeps it).
  void addImage(RowId datasetId, RowId imageId, const std::string& externalId,
                std::int64_t rowIndex = -1);
  /// The image a dataset knows as `externalId`.
  std::optional<RowId> imageByExternalId(RowId datasetId, const std::string& externalId);
  /// The id the dataset uses for an image ("" when the image is not in it).
  std::string externalId(RowId datasetId, RowId imageId);
  std::int64_t imageCount(RowId datasetId);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
