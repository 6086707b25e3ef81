#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Readers: physicians and models, each owning a "current version" pointer per image.
class ReaderRepository {
 public:
  explicit ReaderRepository(Connection& connection) : m_db(connection) {}

  /// Returns the reader's id, creating it when absent. Throws StoreError for an empty name.
  RowId ensureReader(const std::string& name, ReaderKind kind = ReaderKind::Human);
  std::optional<RowId> find(const std::string& name);
  /// Names of all readers, sorted.
  std::vector<std::string> names();

 private:
  Connection& m_db;
};

}  // namespace cxr::store
