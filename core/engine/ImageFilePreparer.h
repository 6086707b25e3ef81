#pragma once

#include "core/engine/ImagePreparer.h"

namespace cxr::engine {

/// The real decode + preprocess stage: ImageLoader (DICOM, PNG, JPEG, ...) to the 8-bit
/// rendering, then the CheXmask preprocessing (optional black-border crop, centred padding,
/// bilinear resize) to the model's input size. Stateless, so safe on many threads.
class ImageFilePreparer : public ImagePreparer {
 public:
  /// `cropBlackBorders`: the MIMIC / Padchest step of chexmask-format.md section 5.
  explicit ImageFilePreparer(bool cropBlackBorders = false) : m_cropBlackBorders(cropBlackBorders) {}

  PreparedImage prepare(const WorkItem& item, int size) const override;

 private:
  bool m_cropBlackBorders;
};

}  // namespace cxr::engine
