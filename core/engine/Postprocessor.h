#pragma once

#include "core/engine/ImageOutcome.h"
#include "core/engine/PreparedImage.h"
#include "core/engine/Segmenter.h"

namespace cxr::engine {

/// Turns a model output into a CheXmask-style result: landmarks in the 1024 space
/// (model [0,1] * 1024), back-projected to original pixels, one mask per organ rasterised
/// on the original canvas and RLE-encoded (chexmask-format.md sections 2, 3, 5).
class Postprocessor {
 public:
  /// Fills `outcome` (which already carries its work item); throws with a clear message
  /// when the output is malformed (wrong count, non-finite values).
  static void process(const PreparedImage& image, const SegmenterOutput& output, ImageOutcome& outcome);
};

}  // namespace cxr::engine
