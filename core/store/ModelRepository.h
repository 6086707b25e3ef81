#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Segmentation models (name, weights hash, config, input size).
class ModelRepository {
 public:
  explicit ModelRepository(Connection& connection) : m_db(connection) {}

  /// Returns the model with the same name and weights hash, registering it when absent.
  /// Also makes sure a reader of kind Model with the model's name exists.
  RowId registerModel(const ModelInfo& info);
  std::optional<ModelRecord> find(RowId id);
  std::optional<ModelRecord> findByName(const std::string& name);
  std::vector<ModelRecord> list();

 private:
  Connection& m_db;
};

}  // namespace cxr::store
