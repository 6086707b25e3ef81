#pragma once

#include "core/model/ModelConfig.h"
#include "core/model/ModelOutput.h"
#include "core/model/SessionOptions.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cxr::model {

/// A loaded HybridGNet (or TorchScript model with the same output) ready for inference.
/// Batching is an implementation detail: run() gives exactly the per-image answers.
class InferenceSession {
 public:
  /// Opens a torch.save state_dict (zip) or a TorchScript archive; throws WeightsError for a
  /// bad file and std::runtime_error when the device is not available.
  static InferenceSession open(const std::string& weightsPath, const SessionOptions& options = {});
  /// True when the linked LibTorch sees a CUDA device.
  static bool cudaAvailable();

  InferenceSession(InferenceSession&&) noexcept;
  InferenceSession& operator=(InferenceSession&&) noexcept;
  ~InferenceSession();

  /// Runs every image (each inputSize x inputSize 8-bit grey, row-major) in batches of
  /// batchSize; one output per image, in order.
  std::vector<ModelOutput> run(const std::vector<const uint8_t*>& images);
  /// Same, for images already scaled to float in [0,1].
  std::vector<ModelOutput> runFloat(const std::vector<const float*>& images);

  /// Square input side the model expects.
  int inputSize() const;
  /// "cpu" or "cuda:0".
  std::string deviceName() const;
  /// "state_dict" or "torchscript".
  std::string modelKind() const;
  /// Batch size used inside run().
  int batchSize() const;
  /// Torch intra-op threads in effect.
  int threads() const;
  /// Whether each image of a batch gets its own pass (see SessionOptions::batchInvariant).
  bool batchInvariant() const;

 private:
  struct Impl;
  explicit InferenceSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::model
