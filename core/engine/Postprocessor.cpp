#include "core/engine/Postprocessor.h"

#include "core/engine/EngineError.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"

#include <cmath>

namespace cxr::engine {

namespace {
constexpr double kPreprocessedSide = 1024.0;
}

void Postprocessor::process(const PreparedImage& image, const SegmenterOutput& output, ImageOutcome& outcome) {
  if (output.landmarks.size() != 2 * format::kLandmarkCount)
    throw EngineError("model returned " + std::to_string(output.landmarks.size()) +
                      " landmark values, expected 240");
  std::vector<double> flat(output.landmarks.size());
  for (size_t i = 0; i < flat.size(); ++i) {
    if (!std::isfinite(output.landmarks[i]))
      throw EngineError("model returned a non-finite landmark value at index " + std::to_string(i) +
                        " (NaN or infinity: broken or untrained weights?)");
    // The same rule as for CSV landmarks (docs/reliability.md): within [-S, 2S] of the image.
    if (output.landmarks[i] < -1.0f || output.landmarks[i] > 2.0f)
      throw EngineError("model returned landmark value " + std::to_string(output.landmarks[i]) + " at index " +
                        std::to_string(i) + ", far outside the image (expected about 0 .. 1: broken weights?)");
    flat[i] = double(output.landmarks[i]) * kPreprocessedSide;
  }
  if (!image.toOriginal) throw EngineError("prepared image has no back-projection");
  outcome.modelLandmarks = format::LandmarkSet::fromFlat(flat);
  outcome.originalLandmarks = image.toOriginal(outcome.modelLandmarks);
  outcome.height = image.originalHeight;
  outcome.width = image.originalWidth;
  for (format::Organ organ : format::kOrgans) {
    const format::Mask mask =
        format::Rasterizer::organMask(outcome.originalLandmarks, organ, outcome.height, outcome.width);
    outcome.rle[size_t(organ)] = format::Rle::encode(mask);
  }
  for (size_t i = 0; i < output.latent.size(); ++i)
    if (!std::isfinite(output.latent[i]))
      throw EngineError("model returned a non-finite latent value at index " + std::to_string(i) +
                        " (NaN or infinity: broken or untrained weights?)");
  outcome.latent = output.latent;
  outcome.geometry = image.geometry;
  outcome.ok = true;
  outcome.error.clear();
}

}  // namespace cxr::engine
