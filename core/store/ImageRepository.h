#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// Patients, studies, series and images (CTK-like DICOM hierarchy; plain files have none).
class ImageRepository {
 public:
  explicit ImageRepository(Connection& connection) : m_db(connection) {}

  /// Registers an image (and its patient/study/series when given); idempotent on the natural
  /// key (SOP UID, else file SHA-256, else fallbackKey). An existing image without file info
  /// gains it. Returns the image id. Throws StoreError when no key can be formed.
  RowId registerImage(const ImageRegistration& registration);
  std::optional<ImageRecord> find(RowId id);
  std::optional<ImageRecord> findByKey(const std::string& imageKey);
  std::optional<ImageRecord> findBySha256(const std::string& sha256);
  /// Every image of a dataset, in dataset order (row index, then id).
  std::vector<ImageRecord> imagesOfDataset(RowId datasetId);
  /// Images of a dataset with no version from `modelId` yet (what a resumed run still has to do).
  std::vector<ImageRecord> imagesWithoutVersionFromModel(RowId datasetId, RowId modelId);
  /// Absolute path of the image file (stored paths are relative to the database folder).
  std::string absolutePath(const ImageRecord& image) const;
  std::int64_t count();

  /// Natural key an image registration gets ("" when none can be formed).
  static std::string naturalKey(const ImageRegistration& registration);

 private:
  RowId ensureSeries(const ImageRegistration& registration);
  Connection& m_db;
};

}  // namespace cxr::store
