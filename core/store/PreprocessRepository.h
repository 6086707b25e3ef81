#pragma once

#include "core/store/ImageTypes.h"

#include <optional>

namespace cxr::store {

class Connection;

/// How an image was cropped and padded into model space (the fields of
/// cxr::image::PreprocessRecord; the store does not depend on cxr_image).
struct PreprocessGeometry {
  int modelSize = 1024;                                          ///< side of the model-space image
  int originalHeight = 0, originalWidth = 0;                     ///< image before cropping
  int cropLeft = 0, cropTop = 0, cropRight = 0, cropBottom = 0;  ///< pixels removed per side
  int padLeft = 0, padTop = 0;  ///< zero columns/rows added before the cropped image
  int squareSide = 0;           ///< S = max(cropped height, cropped width)

  bool operator==(const PreprocessGeometry& o) const;
  bool operator!=(const PreprocessGeometry& o) const { return !(*this == o); }
};

/// The preprocessing geometry of each image (table preprocess_records, one row per image).
class PreprocessRepository {
 public:
  explicit PreprocessRepository(Connection& connection) : m_db(connection) {}

  /// Stores (or replaces) the geometry of an image. Throws StoreError for an unknown image.
  void put(RowId imageId, const PreprocessGeometry& geometry);
  /// The stored geometry, if any.
  std::optional<PreprocessGeometry> find(RowId imageId);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
