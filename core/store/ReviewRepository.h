#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Review decisions (append-only history; the latest per image and reader is the status).
class ReviewRepository {
 public:
  explicit ReviewRepository(Connection& connection) : m_db(connection) {}

  /// Records a decision with an audit entry (old status -> new status), in one transaction.
  RowId addReview(const ReviewInfo& review);
  /// Latest decision of a reader on an image.
  std::optional<ReviewRecord> latest(RowId imageId, const std::string& reader);
  /// Status of an image for a reader (Pending when never reviewed).
  ReviewStatus status(RowId imageId, const std::string& reader);
  /// Images whose latest decision by `reader` has `status` (Pending: also never reviewed).
  std::vector<RowId> imagesWithStatus(ReviewStatus status, const std::string& reader);
  std::vector<ReviewRecord> history(RowId imageId);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
