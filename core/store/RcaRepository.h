#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <utility>
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
  /// (image id, version id) of every image's current model version (the worklist's model
  /// version: model run or CSV import) that has no result with exactly these parameters, in
  /// image order: what a resumable RCA run still has to do.
  std::vector<std::pair<RowId, RowId>> modelVersionsWithoutResult(const std::string& parametersJson);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
