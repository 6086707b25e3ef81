#pragma once

#include "core/format/LandmarkSet.h"
#include "core/store/ImageTypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

/// Where a segmentation version came from.
enum class VersionSource { ModelRun, CsvImport, ReaderCorrection, Consensus };
/// Review state of one image for one reader.
enum class ReviewStatus { Pending, Accepted, Corrected, Rejected, FlaggedOod };
/// Image space of landmarks and masks: 1024 x 1024 model space or original pixels.
enum class LandmarkSpace { Model, Original };
/// A reader is a person or a model (models own the "current" pointer of their outputs).
enum class ReaderKind { Human, Model };

/// Stable text of the enums as stored in the database ("model_run", "flagged_ood", ...).
std::string toString(VersionSource source);
std::string toString(ReviewStatus status);
std::string toString(LandmarkSpace space);
std::string toString(ReaderKind kind);
/// Parse the stored text; throw StoreError naming the bad value.
VersionSource versionSourceFromString(const std::string& text);
ReviewStatus reviewStatusFromString(const std::string& text);
LandmarkSpace landmarkSpaceFromString(const std::string& text);
ReaderKind readerKindFromString(const std::string& text);

/// An imported CSV or image folder, with its ID-column mapping.
struct DatasetInfo {
  std::string name;                  ///< unique, e.g. "ChestX-Ray8"
  std::string kind = "csv";          ///< "csv" or "folder"
  std::string sourcePath;            ///< the CSV file or folder imported
  std::string idColumn;              ///< e.g. "Image Index"; empty for folders
  std::vector<std::string> columns;  ///< header of the imported model CSV (export reproduces it)
  std::string imageRoot;             ///< folder the image ids are relative to (may be empty)
};
struct DatasetRecord {
  RowId id = 0;
  DatasetInfo info;
};

/// A segmentation model.
struct ModelInfo {
  std::string name;
  std::string fileSha256;  ///< weights file hash (empty for a model known only by name)
  std::string configJson = "{}";
  int inputSize = 1024;
};
/// Where a model came from when it was trained from readers' data (schema v5): its parent, the
/// weights file, the training data description and held-out figures, as JSON text.
struct ModelLineage {
  std::optional<RowId> parentId;  ///< the model it was fine-tuned from
  std::string filePath;           ///< absolute path of the weights file ("" = not recorded)
  std::string trainingJson = "{}";
  std::string metricsJson = "{}";
};
struct ModelRecord {
  RowId id = 0;
  ModelInfo info;
  ModelLineage lineage;
};

/// The content of a segmentation: landmarks (one or both spaces), three RLE masks in
/// `maskSpace` (height x width), RCA values copied from an import.
struct SegmentationData {
  std::optional<format::LandmarkSet> landmarksModel;     ///< 1024 x 1024 model space
  std::optional<format::LandmarkSet> landmarksOriginal;  ///< original image pixels
  LandmarkSpace maskSpace = LandmarkSpace::Model;
  std::string rleRightLung, rleLeftLung, rleHeart;
  int height = 1024;
  int width = 1024;
  std::optional<double> rcaMean, rcaMax;
  /// Landmarks in the mask space (throws StoreError if that space is missing).
  const format::LandmarkSet& maskSpaceLandmarks() const;
  /// RLE text of one organ.
  std::string& rle(format::Organ organ);
  const std::string& rle(format::Organ organ) const;
};

/// A version to add. `author` is the reader (person or model name) whose current pointer moves.
struct NewVersion {
  RowId imageId = 0;
  VersionSource source = VersionSource::ModelRun;
  std::optional<RowId> parentId;
  std::string author;
  std::optional<RowId> modelId;  ///< required for ModelRun
  std::vector<float> latent;     ///< model latent (e.g. 64 values), may be empty
  SegmentationData data;
  std::string note;
  double timeSpentSeconds = 0;  ///< seconds the author spent producing it (not in the content hash)
};
/// A stored version (never modified after insertion).
struct VersionRecord {
  RowId id = 0;
  RowId imageId = 0;
  VersionSource source = VersionSource::ModelRun;
  std::optional<RowId> parentId;
  std::string author;
  std::optional<RowId> modelId;
  std::vector<float> latent;
  SegmentationData data;
  std::string note;
  double timeSpentSeconds = 0;  ///< seconds the author spent producing it
  std::string createdAt;      ///< ISO-8601 UTC
  std::string contentSha256;  ///< natural key within the image (see VersionRepository)
};

/// A review decision.
struct ReviewInfo {
  RowId imageId = 0;
  std::string reader;
  ReviewStatus status = ReviewStatus::Pending;
  std::string comment;
  double timeSpentSeconds = 0;
  std::optional<RowId> versionId;  ///< the version the decision refers to
};
struct ReviewRecord {
  RowId id = 0;
  ReviewInfo info;
  std::string createdAt;
};

/// One RCA estimate of a version, with the parameters that produced it.
struct RcaResultInfo {
  RowId versionId = 0;
  std::string parametersJson = "{}";
  std::string perReferenceJson = "[]";
  double mean = 0;
  double max = 0;
};
struct RcaResultRecord {
  RowId id = 0;
  RcaResultInfo info;
  std::string createdAt;
};

/// Metrics of review-metrics.md between two versions (NaN hausdorff = missing -> NULL).
struct ComparisonInfo {
  RowId versionA = 0;
  RowId versionB = 0;
  double diceLungs = 0, diceHeart = 0, diceGT = 0;
  double hausdorffLungs = 0, hausdorffHeart = 0, hausdorff95Lungs = 0, hausdorff95Heart = 0;
  double mse = 0;
};
struct ComparisonRecord {
  RowId id = 0;
  ComparisonInfo info;
  std::string createdAt;
};

/// An image that could not be processed (decode, inference, ...); the run goes on.
struct ImageErrorInfo {
  std::optional<RowId> imageId;  ///< empty when the file never became an image
  std::optional<RowId> datasetId;
  std::optional<RowId> modelId;
  std::string filePath;
  std::string stage;  ///< "decode", "inference", "import", ...
  std::string message;
};
struct ImageErrorRecord {
  RowId id = 0;
  ImageErrorInfo info;
  std::string createdAt;
};

/// One audit entry: who did what to which entity, and the change.
struct AuditEntry {
  RowId id = 0;
  std::string who, action, entity;
  std::optional<RowId> entityId;
  std::string fromValue, toValue;
  std::string createdAt;
};

}  // namespace cxr::store
