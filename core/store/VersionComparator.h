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

 private:
  ReviewStore& m_store;
};

}  // namespace cxr::store
