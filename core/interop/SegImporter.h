#pragma once

#include "core/store/StoreTypes.h"

#include <string>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::interop {

/// What importing one SEG did.
struct SegImportResult {
  store::RowId imageId = 0;
  store::RowId versionId = 0;
  bool created = false;      ///< false: identical content was already stored
  bool fitted = false;       ///< landmarks fitted to every organ's contour
  std::string note;          ///< stored with the version: how the landmarks were obtained
};

/// Imports a DICOM Segmentation object (written by this project or another tool) for an image
/// the store knows (matched on the referenced SOP Instance UID) as a `reader_correction` of
/// `reader`, parent = the image's model version. The masks are kept as stored (original
/// resolution RLE). Segments are recognised by their codes: lung SCT 39607008 with laterality
/// right/left (or "right/left lung structure" SCT 3341006 / 44029006), heart SCT 80891009;
/// others are ignored and named in the note. Landmarks are fitted to each organ's outer contour
/// (equal arc-length spacing, CheXmask ring order and start point); an organ without a mask
/// makes the version "mask-only": its landmarks are placeholders (zeros) and the note says so.
class SegImporter {
 public:
  explicit SegImporter(store::ReviewStore& store) : m_store(store) {}
  /// Throws InteropError naming the file for an unreadable SEG, an unknown referenced image
  /// or a size that differs from the registered image; nothing is stored then.
  SegImportResult importFile(const std::string& segPath, const std::string& reader);

 private:
  store::ReviewStore& m_store;
};

}  // namespace cxr::interop
