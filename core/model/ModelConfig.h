#pragma once

#include <string>

namespace cxr::model {

/// Shape of a HybridGNet ("2-IGSC") network; the rest of the architecture is fixed by the spec.
struct ModelConfig {
  int inputSize = 1024;  ///< square input side in pixels, a multiple of 32
  int latents = 64;      ///< size of the latent code (mu)

  /// Number of inputs of fc_mu: 128 * (inputSize / 32)^2.
  long long flatFeatures() const {
    const long long side = inputSize / 32;
    return 128LL * side * side;
  }
  /// Throws std::invalid_argument when inputSize is not a positive multiple of 32 or latents < 1.
  void validate() const;
};

}  // namespace cxr::model
