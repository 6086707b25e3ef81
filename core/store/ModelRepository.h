#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Segmentation models (name, weights hash, config, input size, lineage).
class ModelRepository {
 public:
  explicit ModelRepository(Connection& connection) : m_db(connection) {}

  /// Returns the model with the same name and weights hash, registering it when absent.
  /// Also makes sure a reader of kind Model with the model's name exists.
  RowId registerModel(const ModelInfo& info);
  /// Registers a trained model with its lineage in one transaction (the lineage of an existing
  /// model with the same name and hash is replaced). Throws StoreError for an unknown parent.
  RowId registerTrainedModel(const ModelInfo& info, const ModelLineage& lineage);
  /// Records where a model's weights file is (e.g. the model a run used), keeping the rest.
  void setFilePath(RowId id, const std::string& filePath);
  std::optional<ModelRecord> find(RowId id);
  std::optional<ModelRecord> findByName(const std::string& name);
  std::vector<ModelRecord> list();

 private:
  Connection& m_db;
};

}  // namespace cxr::store
