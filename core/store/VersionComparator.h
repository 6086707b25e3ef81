#pragma once

#include "core/store/StoreTypes.h"

namespace cxr::store {

class ReviewStore;

/// Computes the metrics of review-metrics.md between two stored versions of one image (from
/// their RLE masks and mask-space landmarks) and stores them as a comparison.
class VersionComparator {
 public:
  explicit VersionComparator(ReviewStore& store) : m_store(store) {}
  /// Metrics of (reference `a`, candidate `b`), stored once per pair; throws StoreError when the
  /// versions belong to different images or their masks differ in size.
  ComparisonInfo compare(RowId versionA, RowId versionB);
  /// The metrics of two loaded versions, computed without the store (thread-safe, so callers
  /// can compute many pairs in parallel and store them afterwards); throws StoreError as
  /// compare() does.
  static ComparisonInfo metrics(const VersionRecord& a, const VersionRecord& b);

 private:
  ReviewStore& m_store;
};

}  // namespace cxr::store
