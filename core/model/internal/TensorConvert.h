#pragma once
// Internal: FloatTensor <-> torch::Tensor.

#include "core/model/FloatTensor.h"

#include <torch/torch.h>

namespace cxr::model::internal {

/// A CPU float32 copy of a plain tensor.
inline torch::Tensor toTorch(const FloatTensor& t) {
  if (static_cast<int64_t>(t.data.size()) != t.numel())
    throw std::invalid_argument("FloatTensor " + t.shapeText() + " holds " +
                                std::to_string(t.data.size()) + " values");
  return torch::from_blob(const_cast<float*>(t.data.data()), t.shape, torch::kFloat).clone();
}

/// A plain copy of any float tensor (moved to the CPU, made contiguous).
inline FloatTensor fromTorch(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
  FloatTensor out;
  out.shape = c.sizes().vec();
  out.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  return out;
}

}  // namespace cxr::model::internal
