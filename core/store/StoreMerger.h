#pragma once

#include "core/store/ReviewStore.h"

#include <string>
#include <unordered_map>

namespace cxr::store {

/// Copies another review database into a store (merge of shard databases). Entities are
/// matched on natural keys (reader/model/dataset names, image keys, version content hashes,
/// review and audit UUIDs, error keys), never on row ids, so a repeated merge adds nothing.
class StoreMerger {
 public:
  explicit StoreMerger(ReviewStore& target) : m_target(target) {}
  /// Merges `otherPath` in one transaction; throws StoreError (the target is left unchanged).
  MergeStats mergeFrom(const std::string& otherPath);

 private:
  using IdMap = std::unordered_map<RowId, RowId>;
  void mergeNamed(Connection& src);
  void mergeImages(Connection& src, const std::string& srcFolder);
  void mergeVersions(Connection& src);
  void mergeCurrentPointers(Connection& src);
  void mergeReviewsAndAudit(Connection& src);
  void mergeResults(Connection& src);
  void mergePreprocess(Connection& src);
  /// Schema v4: reader roles, consensus parents, named worklists (by name), their images and
  /// reader assignments.
  void mergeReadersWork(Connection& src);

  ReviewStore& m_target;
  MergeStats m_stats;
  IdMap m_readers, m_models, m_datasets, m_images, m_versions;
};

}  // namespace cxr::store
