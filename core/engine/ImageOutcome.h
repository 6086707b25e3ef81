#pragma once

#include "core/engine/InputGeometry.h"
#include "core/engine/WorkItem.h"
#include "core/format/LandmarkSet.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cxr::engine {

/// The result of one image, as handed to the single writer: a segmentation or an error.
struct ImageOutcome {
  WorkItem item;
  bool ok = false;
  std::string stage;                        ///< where it failed: "decode", "inference", "postprocess"
  std::string error;                        ///< why the image failed (when !ok)
  format::LandmarkSet modelLandmarks;       ///< 1024 x 1024 preprocessed space (model * 1024)
  format::LandmarkSet originalLandmarks;    ///< original pixels, rounded
  int height = 0;                           ///< original rows
  int width = 0;                            ///< original columns
  std::array<std::string, 3> rle;           ///< RLE masks on height x width, in organ order RL, LL, H
  std::vector<float> latent;                ///< model latent (may be empty)
  std::optional<InputGeometry> geometry;    ///< preprocessing of the image, when the preparer knew it
};

}  // namespace cxr::engine
