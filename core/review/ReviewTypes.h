#pragma once

#include "core/format/LandmarkSet.h"
#include "core/image/PreprocessRecord.h"
#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::review {

/// One stored segmentation version of a case, as the reviewer sees it.
struct CaseVersion {
  store::RowId id = 0;
  store::VersionSource source = store::VersionSource::ModelRun;
  std::string author;
  std::string createdAt;
  std::optional<store::RowId> parentId;
  std::string note;
  double timeSpentSeconds = 0;
  format::LandmarkSet landmarks;  ///< ORIGINAL image pixels (converted through the preprocessing record when stored in model space)
  bool fromModel = false;         ///< model_run or csv_import
};

/// Everything the review screen needs about one image for one reader.
struct ReviewCase {
  store::ImageRecord image;
  std::string filePath;  ///< absolute path of the image file; "" when the image has no file
  std::string displayId, dataset;  ///< the dataset's id for the image (else file name / key) and the dataset's name
  int height = 0, width = 0;       ///< original image size
  image::PreprocessRecord preprocess;  ///< stored record, else squarePadding(height, width, 1024)
  std::optional<CaseVersion> reviewVersion;  ///< the reader's current version, else the model's latest
  std::optional<CaseVersion> modelVersion;   ///< the latest model version (model_run / csv_import)
  std::vector<CaseVersion> versions;         ///< every version of the image, oldest first
  std::optional<store::RowId> readerCurrentVersionId;  ///< reader's current pointer at load (for conflicts)
  store::ReviewStatus status = store::ReviewStatus::Pending;
  std::vector<store::ReviewRecord> history;  ///< reviews of this image, oldest first
  double timeSpentSeconds = 0;               ///< this reader's total on the image (versions + reviews)
  /// Blind review (store::ReaderAssignmentRepository::visibility): other readers' versions,
  /// reviews and metrics are left out of `versions` and `history` until the reader finishes
  /// the image; `modelHidden`: the model's proposal too (modelVersion empty).
  bool blind = false;
  bool modelHidden = false;
  int hiddenVersions = 0;                     ///< how many versions were left out
  std::vector<std::string> blindWorklists;    ///< the worklists that made the case blind
};

/// A reader's correction to save.
struct EditRequest {
  store::RowId imageId = 0;
  store::RowId parentVersionId = 0;
  /// What the editor believes the reader's current pointer is (nullopt: the reader had none).
  std::optional<store::RowId> expectedCurrentVersionId;
  format::LandmarkSet landmarks;
  store::LandmarkSpace space = store::LandmarkSpace::Original;  ///< explicit, never guessed
  std::string reader;
  double timeSpentSeconds = 0;
  std::string comment;
};

/// A review decision.
enum class Decision { Accept, MarkCorrected, Reject, FlagOutOfDistribution, Comment };

/// Stable English name of a decision ("accept", "flag out of distribution", ...).
std::string toString(Decision decision);

/// A decision to record.
struct ReviewRequest {
  store::RowId imageId = 0;
  Decision decision = Decision::Comment;  ///< default Comment: a request that forgets to choose cannot accept
  std::string reader;
  /// What the editor believes the reader's current pointer is (nullopt: the reader had none).
  std::optional<store::RowId> expectedCurrentVersionId;
  double timeSpentSeconds = 0;
  std::string comment;
};

/// What a save did.
struct SaveResult {
  bool saved = false;
  bool conflict = false;  ///< the reader's current pointer moved (another process): nothing was written
  store::RowId versionId = 0;  ///< the version now current for the reader (a decision: the version it refers to)
  std::optional<store::RowId> currentVersionId;  ///< pointer found in the store (on conflict: the other writer's)
  std::optional<store::RowId> reviewId;
  store::ReviewStatus status = store::ReviewStatus::Pending;
  std::string message;  ///< human-readable, names the image on conflict
  /// The comparison (model version vs the saved version) stored by saveEdit, when one was made.
  std::optional<store::ComparisonInfo> comparison;
};

}  // namespace cxr::review
