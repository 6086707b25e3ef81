#pragma once

#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

/// Sortable columns of the worklist.
/// Position = order in the named worklist of WorklistFilter::worklistId (image id order without one).
enum class WorklistColumn { ImageId, Dataset, Status, Source, RcaMean, RcaMax, TrueDice, TimeSpent, Position };

/// Which images a worklist shows (all conditions together).
struct WorklistFilter {
  std::string reader;                      ///< whose status / current version (may be empty: status Pending for all)
  std::optional<std::string> dataset;      ///< dataset name (the image is in that dataset)
  std::vector<ReviewStatus> statuses;      ///< any of these (empty = any status)
  std::optional<double> rcaMin, rcaMax;    ///< on Dice RCA (Mean); images without RCA excluded when set
  std::optional<bool> hasError;            ///< has a recorded image error
  std::optional<bool> segmented;           ///< has (true) / has no (false) model version
  std::string idContains;                  ///< case-insensitive (ASCII) substring of the display id
  std::vector<RowId> imageIds;             ///< restrict to these images (empty = no restriction)
  std::optional<RowId> worklistId;         ///< only the images of this named worklist (worklists.id)
};

/// Sort order. Ties are broken by image id in the same direction, so paging is stable.
/// Missing values sort lowest: images without RCA / true Dice first when ascending, last when
/// descending; status and time spent count as Pending and 0 for images the reader never touched;
/// images without any version come before the others in the Source order (enum order).
struct WorklistSort {
  WorklistColumn column = WorklistColumn::ImageId;  ///< ImageId sorts by display id (binary)
  bool descending = false;
};

/// One worklist row.
struct WorklistRow {
  RowId imageId = 0;
  std::string displayId;                   ///< dataset external id (CSV id / relative path), else image key
  std::string dataset;                     ///< name of the image's first dataset ("" if none)
  ReviewStatus status = ReviewStatus::Pending;   ///< latest review of filter.reader
  std::optional<RowId> versionId;          ///< reader's current version, else the latest model version
  std::optional<VersionSource> source;     ///< source of versionId
  std::string versionAuthor;               ///< reader (person or model) who wrote versionId
  bool edited = false;                     ///< the reader has a current version of their own (a correction)
  std::optional<RowId> modelVersionId;     ///< latest model_run / csv_import version
  std::optional<double> rcaMean, rcaMax;   ///< of the model version: latest rca_results, else imported values
  std::optional<double> trueDice;          ///< Dice GT from `comparisons` (model version vs reader's current correction) when stored
  double timeSpentSeconds = 0;             ///< reader's total on this image (its versions and reviews)
  bool hasError = false;
};

}  // namespace cxr::store
