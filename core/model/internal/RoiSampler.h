#pragma once
// Internal: the image-to-graph sampling of HybridGNet's skip connections.

#include <torch/torch.h>

namespace cxr::model::internal {

/// torchvision roi_align (box (q-1, q+2), output 1x1, spatial scale 1, sampling ratio -1,
/// aligned=True) evaluated in float32 exactly as torchvision's CPU kernel, for features
/// [B,C,h,w] and normalised positions [B,N,2] (q = p * h). Returns [B,N,C]. Differentiable
/// with respect to the features only (as roi_align: no gradient to the boxes).
torch::Tensor roiSample(const torch::Tensor& features, const torch::Tensor& positions);

}  // namespace cxr::model::internal
