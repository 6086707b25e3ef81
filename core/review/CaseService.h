#pragma once

#include "core/format/LandmarkSet.h"
#include "core/image/PreprocessRecord.h"
#include "core/store/StoreTypes.h"

#include <optional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::review {

/// One version of an image as the reviewer sees it.
struct CaseVersion {
  store::RowId id = 0;
  store::VersionSource source = store::VersionSource::ModelRun;
  std::string author;
  std::string createdAt;
  std::optional<store::RowId> parentId;
  std::string note;
  double timeSpentSeconds = 0;
  format::LandmarkSet landmarks;  ///< ORIGINAL image pixels (converted when stored in model space only)
  bool fromModel = false;         ///< model_run or csv_import
};

/// Everything the application shows for one image and one reader.
struct ReviewCase {
  store::ImageRecord image;
  std::string filePath;  ///< absolute path of the image file; "" when the image has no file
  std::string displayId, dataset;
  int height = 0, width = 0;           ///< original image size
  image::PreprocessRecord preprocess;  ///< stored record, else squarePadding(height, width, 1024)
  std::optional<CaseVersion> reviewVersion;  ///< the reader's current version, else the model's latest
  std::optional<CaseVersion> modelVersion;   ///< the latest model version (model_run / csv_import)
  std::vector<CaseVersion> versions;         ///< every version of the image, oldest first
  std::optional<store::RowId> readerCurrentVersionId;  ///< reader's current pointer at load
  store::ReviewStatus status = store::ReviewStatus::Pending;
  std::vector<store::ReviewRecord> history;  ///< reviews of this image, oldest first
  double timeSpentSeconds = 0;               ///< this reader's total on the image
};

/// A correction to store.
struct EditRequest {
  store::RowId imageId = 0;
  store::RowId parentVersionId = 0;
  std::optional<store::RowId> expectedCurrentVersionId;  ///< the reader's pointer as the editor believes it
  format::LandmarkSet landmarks;
  store::LandmarkSpace space = store::LandmarkSpace::Original;  ///< explicit, never guessed
  std::string reader;
  double timeSpentSeconds = 0;
  std::string comment;
};

/// A reviewer's decision.
enum class Decision { Accept, MarkCorrected, Reject, FlagOutOfDistribution, Comment };
struct ReviewRequest {
  store::RowId imageId = 0;
  Decision decision = Decision::Accept;
  std::string reader;
  std::optional<store::RowId> expectedCurrentVersionId;
  double timeSpentSeconds = 0;
  std::string comment;
};

/// What a save or decision did.
struct SaveResult {
  bool saved = false;
  bool conflict = false;  ///< the reader's pointer moved (another session): nothing was written
  store::RowId versionId = 0;                    ///< the version now current for the reader
  std::optional<store::RowId> currentVersionId;  ///< pointer found in the store (on conflict: the other writer's)
  std::optional<store::RowId> reviewId;
  store::ReviewStatus status = store::ReviewStatus::Pending;
  std::string message;  ///< human-readable; names the image on conflict
};

/// The reviewer's use cases over one store connection: load a case, save an edit, move the
/// reader's pointer back to a known version (undo), record decisions. Every write is one
/// BEGIN IMMEDIATE transaction that first checks the reader's current pointer against what the
/// caller expects, so two sessions never overwrite each other silently.
class CaseService {
 public:
  explicit CaseService(store::ReviewStore& store) : m_store(store) {}
  /// Loads an image's case for `reader`; throws store::StoreError for an unknown image.
  ReviewCase load(store::RowId imageId, const std::string& reader);
  /// Stores a reader_correction version (landmarks in both spaces, masks re-rasterised in the
  /// parent's mask space), moves the reader's pointer to it and stores the comparison of the
  /// model version against it (the worklist's true Dice). Identical content to an existing
  /// version of this reader makes that version current instead of adding a duplicate.
  SaveResult saveEdit(const EditRequest& request);
  /// Points the reader's current pointer at an existing version of the image.
  SaveResult setCurrent(store::RowId imageId, const std::string& reader, store::RowId versionId,
                        std::optional<store::RowId> expectedCurrentVersionId);
  /// Records a decision on the reader's current version (Accept on an edited version records
  /// `corrected`; Comment keeps the current status).
  SaveResult review(const ReviewRequest& request);

 private:
  image::PreprocessRecord preprocessOf(const store::ImageRecord& image, int height, int width);
  CaseVersion toCaseVersion(const store::VersionRecord& v, const image::PreprocessRecord& record) const;
  bool checkPointer(store::RowId imageId, const std::string& reader,
                    const std::optional<store::RowId>& expected, SaveResult& result);
  store::ReviewStore& m_store;
};

}  // namespace cxr::review
