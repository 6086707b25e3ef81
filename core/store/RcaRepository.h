#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <vector>

namespace cxr::store {

class Connection;

/// RCA results of versions (parameters and per-reference scores kept as JSON).
class RcaRepository {
 public:
  explicit RcaRepository(Connection& connection) : m_db(connection) {}

  /// Stores a result; the same version with the same parameters and scores is stored once.
  RowId addResult(const RcaResultInfo& result);
  /// Most recent result of a version.
  std::optional<RcaResultRecord> latestForVersion(RowId versionId);
  std::vector<RcaResultRecord> forVersion(RowId versionId);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
