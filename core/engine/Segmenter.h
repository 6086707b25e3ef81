#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::engine {

/// What a segmentation model returns for one image.
struct SegmenterOutput {
  std::vector<float> landmarks;  ///< 240 values x0,y0,... in [0,1] of the model input
  std::vector<float> latent;     ///< the model's latent vector (64 for HybridGNet), may be empty
};

/// Inference stage: a model that segments a batch of preprocessed images.
/// The engine calls it from one thread at a time (a serial pipeline stage), so a GPU session
/// needs no locking; it may use its own threads inside.
class Segmenter {
 public:
  virtual ~Segmenter() = default;
  /// Side of the square input the model expects (e.g. 256 or 1024).
  virtual int inputSize() const = 0;
  /// One output per input, in order; each input is inputSize()^2 grey bytes.
  /// Throws when the batch cannot be processed (the engine then retries image by image to
  /// find and record the failing one).
  virtual std::vector<SegmenterOutput> run(const std::vector<const uint8_t*>& images) = 0;
};

}  // namespace cxr::engine
