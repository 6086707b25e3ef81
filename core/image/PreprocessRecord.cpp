#include "core/image/PreprocessRecord.h"

#include <algorithm>
#include <cmath>

namespace cxr::image {

PreprocessRecord PreprocessRecord::squarePadding(int height, int width, int modelSize) {
  PreprocessRecord r;
  r.originalHeight = height;
  r.originalWidth = width;
  r.modelSize = modelSize;
  r.squareSide = std::max(height, width);
  r.padTop = (r.squareSide - height) / 2;
  r.padLeft = (r.squareSide - width) / 2;
  return r;
}

format::Point PreprocessRecord::toOriginalUnrounded(const format::Point& p) const {
  const double factor = double(squareSide) / double(modelSize);
  return {p.x * factor - padLeft + cropLeft, p.y * factor - padTop + cropTop};
}

format::Point PreprocessRecord::toModel(const format::Point& p) const {
  const double factor = double(modelSize) / double(squareSide);
  return {(p.x - cropLeft + padLeft) * factor, (p.y - cropTop + padTop) * factor};
}

format::LandmarkSet PreprocessRecord::toOriginalUnrounded(
    const format::LandmarkSet& modelSpace) const {
  format::LandmarkSet out;
  for (int i = 0; i < format::LandmarkSet::size(); ++i)
    out[i] = toOriginalUnrounded(modelSpace[i]);
  return out;
}

format::LandmarkSet PreprocessRecord::toOriginal(const format::LandmarkSet& modelSpace) const {
  // x1024 / 1024 * S first, as the reference computes it, then the integer offsets.
  format::LandmarkSet out;
  for (int i = 0; i < format::LandmarkSet::size(); ++i) {
    const format::Point& p = modelSpace[i];
    // Python round(): ties to even (the default FE_TONEAREST mode of nearbyint).
    out[i] = {std::nearbyint(p.x / modelSize * squareSide - padLeft + cropLeft),
              std::nearbyint(p.y / modelSize * squareSide - padTop + cropTop)};
  }
  return out;
}

format::LandmarkSet PreprocessRecord::toModel(const format::LandmarkSet& original) const {
  format::LandmarkSet out;
  for (int i = 0; i < format::LandmarkSet::size(); ++i) out[i] = toModel(original[i]);
  return out;
}

}  // namespace cxr::image
