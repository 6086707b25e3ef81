#pragma once

#include "core/format/LandmarkSet.h"
#include "core/image/PreprocessRecord.h"
#include "core/store/StoreTypes.h"

#include <optional>

namespace cxr::store {
struct PreprocessGeometry;
}

namespace cxr::review {

/// Converts landmarks between the store's 1024 x 1024 model space and original image pixels
/// through one image's preprocessing record (crop, centred padding, scale).
class LandmarkSpaces {
 public:
  /// Side of the store's model space (landmarksModel are model [0,1] * 1024).
  static constexpr int kModelSide = 1024;

  /// The record of an image: the stored geometry when there is one, else the centred square
  /// padding of a height x width image; the model side is always kModelSide.
  static image::PreprocessRecord recordFor(const std::optional<store::PreprocessGeometry>& stored, int height,
                                           int width);

  explicit LandmarkSpaces(image::PreprocessRecord record) : m_record(record) {}

  /// Model space -> original pixels (unrounded, so an edit keeps its sub-pixel position).
  format::LandmarkSet toOriginal(const format::LandmarkSet& model) const { return m_record.toOriginalUnrounded(model); }
  /// Original pixels -> model space (unrounded).
  format::LandmarkSet toModel(const format::LandmarkSet& original) const { return m_record.toModel(original); }
  /// A version's landmarks in original pixels: its original-space set when stored, else its
  /// model-space set converted.
  format::LandmarkSet originalOf(const store::SegmentationData& data) const;

  /// The record the conversions use.
  const image::PreprocessRecord& record() const { return m_record; }

 private:
  image::PreprocessRecord m_record;
};

}  // namespace cxr::review
