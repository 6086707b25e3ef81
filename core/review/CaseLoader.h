#pragma once

#include "core/review/LandmarkSpaces.h"
#include "core/review/ReviewTypes.h"
#include "core/store/ReaderAssignmentRepository.h"
#include "core/store/StoreTypes.h"

#include <optional>
#include <string>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::review {

/// The image-level facts every use case starts from.
struct CaseFrame {
  store::ImageRecord image;
  std::string filePath;            ///< absolute path of the file; "" without one
  std::string displayId, dataset;  ///< the first dataset's id for the image (else file name / key), its name
  int height = 0, width = 0;           ///< original image size
  image::PreprocessRecord preprocess;  ///< stored record, else the centred square padding

  /// "image 12 (ChestX-Ray8 00001437_024.png)": how messages name the image.
  std::string name() const;
};

/// Reads a case (image, versions in original pixels, reader pointer, status, reviews) from the
/// store. The read side of CaseService; it writes nothing.
class CaseLoader {
 public:
  explicit CaseLoader(store::ReviewStore& store) : m_store(store) {}

  /// The case of `imageId` for `reader`; throws ReviewError for an unknown image, an image
  /// whose size is unknown or an empty reader name.
  ReviewCase load(store::RowId imageId, const std::string& reader);
  /// The image, its original size (image record, else stored preprocessing, else its
  /// versions' mask size) and its preprocessing record; throws ReviewError as load() does.
  CaseFrame frame(store::RowId imageId);

  /// What `reader` may see of the image (blind review); see store::VisibilityPolicy.
  store::VisibilityPolicy visibility(store::RowId imageId, const std::string& reader);
  /// True when `version` may be shown to (and used by) `reader` under `policy`: the reader's
  /// own versions, the one their current pointer names, the model's unless hidden, others'
  /// only when not blind.
  static bool visible(const store::VersionRecord& version, const std::string& reader,
                      const store::VisibilityPolicy& policy, std::optional<store::RowId> readerCurrent);

  /// A stored version with its landmarks in original pixels.
  static CaseVersion toCaseVersion(const store::VersionRecord& version, const LandmarkSpaces& spaces);
  /// True for the sources a model produced (model_run, csv_import).
  static bool isModelSource(store::VersionSource source);

 private:
  void fillIdentity(CaseFrame& frame);
  void fillReviews(ReviewCase& result, const std::string& reader, bool hideOthers);

  store::ReviewStore& m_store;
};

}  // namespace cxr::review
