#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <vector>

namespace cxr::store {

class Connection;

/// Comparisons of two versions (the metrics of review-metrics.md); one per ordered pair.
class ComparisonRepository {
 public:
  explicit ComparisonRepository(Connection& connection) : m_db(connection) {}

  /// Stores the metrics of (versionA, versionB); returns the existing id when already stored.
  RowId addComparison(const ComparisonInfo& comparison);
  std::optional<ComparisonRecord> find(RowId versionA, RowId versionB);
  /// Comparisons in which a version takes part.
  std::vector<ComparisonRecord> forVersion(RowId versionId);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
