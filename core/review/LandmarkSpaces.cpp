#include "core/review/LandmarkSpaces.h"

#include "core/review/ReviewError.h"
#include "core/store/PreprocessRepository.h"

namespace cxr::review {

image::PreprocessRecord LandmarkSpaces::recordFor(const std::optional<store::PreprocessGeometry>& stored, int height,
                                                  int width) {
  if (!stored) return image::PreprocessRecord::squarePadding(height, width, kModelSide);
  image::PreprocessRecord record;
  record.originalHeight = stored->originalHeight;
  record.originalWidth = stored->originalWidth;
  record.cropLeft = stored->cropLeft;
  record.cropTop = stored->cropTop;
  record.cropRight = stored->cropRight;
  record.cropBottom = stored->cropBottom;
  record.padLeft = stored->padLeft;
  record.padTop = stored->padTop;
  record.squareSide = stored->squareSide;
  // Stored model-space landmarks are always in the 1024 space, whatever side the record names.
  record.modelSize = kModelSide;
  return record;
}

format::LandmarkSet LandmarkSpaces::originalOf(const store::SegmentationData& data) const {
  if (data.landmarksOriginal) return *data.landmarksOriginal;
  if (data.landmarksModel) return toOriginal(*data.landmarksModel);
  throw ReviewError("a version without landmarks");
}

}  // namespace cxr::review
