#pragma once

#include "core/review/CaseLoader.h"
#include "core/review/ReviewTypes.h"
#include "core/store/StoreTypes.h"

#include <optional>
#include <string>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::review {

/// The reviewer's use cases over one store connection: load a case, save a correction, move
/// the reader's current pointer, record a decision. Every write is one BEGIN IMMEDIATE
/// transaction that first checks the reader's current pointer against what the editor
/// loaded: when another window or process moved it, nothing is written and the result says
/// `conflict`. Landmarks cross the API in original pixels unless a request names the model
/// space; the store keeps both spaces. Throws ReviewError for bad requests (naming the image)
/// and store::StoreError for store failures. Use from one thread, like the store.
class CaseService {
 public:
  /// Borrows the store for the service's lifetime.
  explicit CaseService(store::ReviewStore& store);

  /// The case of an image for a reader (see ReviewCase); throws ReviewError for an unknown
  /// image or an empty reader.
  ReviewCase load(store::RowId imageId, const std::string& reader);
  /// New reader_correction version from a parent, atomically (one BEGIN IMMEDIATE transaction):
  /// conflict check, landmarks stored in BOTH spaces (converted through the preprocessing
  /// record), masks re-rasterised (CheXmask rule, format::Rasterizer) at original size when the
  /// parent's masks are original-space, else 1024, reader's current pointer moved, and a
  /// comparison (store::VersionComparator) of the model version vs the new version stored so the
  /// worklist shows the true Dice. No review row: status is a decision (review()).
  /// Identical content to an existing version of this reader -> that version becomes current
  /// (no duplicate).
  SaveResult saveEdit(const EditRequest& request);
  /// Points the reader's current pointer at an existing version of the image (undo back to the
  /// model's proposal, reset to model, redo onto an earlier correction), with the same conflict
  /// check.
  SaveResult setCurrent(store::RowId imageId, const std::string& reader, store::RowId versionId,
                        std::optional<store::RowId> expectedCurrentVersionId);
  /// A review decision with the same guarantees. Accept on a version the reader edited records
  /// `corrected` (accepting an edited mask is a correction); Accept on the untouched model
  /// version records `accepted`; MarkCorrected records `corrected`; Reject `rejected`;
  /// FlagOutOfDistribution `flagged_ood`; Comment records the comment keeping the current
  /// status. The review references the reader's current version (else the model's latest).
  SaveResult review(const ReviewRequest& request);

 private:
  /// Throws ReviewError when blind review hides `version` from `reader`.
  void requireVisible(const store::VersionRecord& version, const std::string& reader, const std::string& name);
  /// The conflict result when the reader's pointer is not `expected`, else nullopt.
  std::optional<SaveResult> conflict(const CaseFrame& frame, const std::string& reader,
                                     std::optional<store::RowId> expected);
  /// The correction version of a request (both landmark spaces, masks, size).
  store::NewVersion correction(const EditRequest& request, const CaseFrame& frame,
                               const store::VersionRecord& parent) const;
  /// Stores model version vs `versionId` when their masks are comparable.
  std::optional<store::ComparisonInfo> compareWithModel(store::RowId imageId, store::RowId versionId,
                                                        std::string& note);
  /// The status a decision records for `reader`, given the version it refers to.
  store::ReviewStatus statusFor(const ReviewRequest& request, const std::optional<store::VersionRecord>& target,
                                const std::string& name);

  store::ReviewStore& m_store;
  CaseLoader m_loader;
};

}  // namespace cxr::review
