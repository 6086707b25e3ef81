#pragma once

namespace cxr::engine {

/// How the model input was made from the original image (the CheXmask preprocessing of
/// chexmask-format.md section 5): the crop, the centred padding to a square and its side.
/// Plain numbers so the generic engine needs no image library; the image layer's
/// PreprocessRecord and the store's PreprocessGeometry carry the same fields.
struct InputGeometry {
  int originalHeight = 0, originalWidth = 0;  ///< image before cropping
  int cropLeft = 0, cropTop = 0, cropRight = 0, cropBottom = 0;  ///< pixels removed per side
  int padLeft = 0, padTop = 0;  ///< zero columns/rows added before the cropped image
  int squareSide = 0;           ///< side of the padded square, max(cropped height, cropped width)
};

}  // namespace cxr::engine
