#pragma once

#include <vector>

namespace cxr::model {

/// The network's answer for one image.
struct ModelOutput {
  /// 240 values x0,y0,x1,y1,... in [0,1] of the model input square (RL 44, LL 50, H 26 points).
  std::vector<float> landmarks;
  /// The latent mean mu (64 values; empty for a TorchScript model that does not return one).
  std::vector<float> latent;
};

}  // namespace cxr::model
