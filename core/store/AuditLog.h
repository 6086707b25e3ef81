#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Append-only audit trail: who did what to which entity, from -> to.
class AuditLog {
 public:
  explicit AuditLog(Connection& connection) : m_db(connection) {}

  /// Appends an entry (inside the caller's transaction when one is open).
  RowId record(const std::string& who, const std::string& action, const std::string& entity,
               std::optional<RowId> entityId, const std::string& fromValue,
               const std::string& toValue);
  /// The most recent entries, newest first.
  std::vector<AuditEntry> latest(int limit);
  std::int64_t count();

 private:
  Connection& m_db;
};

}  // namespace cxr::store
