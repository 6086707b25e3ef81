#pragma once
// Internal to core/model. The high-resolution residual blocks of HybridGNet's encoder as a
// hand-written CPU kernel (no torch in this header or its .cpp, so it compiles in seconds).
//
// Why: at input 1024 the first blocks (1 -> 8 -> 8 channels at 1024 x 1024, 8 -> 16 -> 16 at
// 512) are most of the network's time in LibTorch/oneDNN, whose kernels are made for many
// channels: a 1 -> 8 3x3 convolution runs at ~1.3 GFLOP/s there (docs/performance.md). Here a
// pixel's 8 or 16 output channels are one or two SIMD vectors, the per-image instance
// normalisation's statistics are summed while the convolution writes, and ReLU, the
// shortcut, the residual sum and the 2x2 max-pool are applied in the same pass, so each
// full-resolution map is written once and read once.
//
// Layout: NHWC (channels innermost), one image at a time, float32. Results agree with the
// torch path to float rounding (summation order differs); tests compare both.

#include <cstdint>
#include <functional>
#include <vector>

namespace cxr::model::internal::fused {

/// Runs body(begin, end) over [0, n) split into chunks (possibly in parallel). The kernel's
/// results never depend on how the range is split: statistics are reduced in row order.
using ParallelFor =
    std::function<void(int64_t n, const std::function<void(int64_t begin, int64_t end)>& body)>;

/// The ParallelFor the inference session gives the kernel: at::parallel_for over LibTorch's
/// intra-op threads (defined with the torch glue in internal/HybridGNet.cpp, which must be
/// compiled with OpenMP for it to run in parallel at all: core/model/CMakeLists.txt).
ParallelFor intraOpParallelFor();

/// Parameters of one residual block, in the state_dict's layouts (pointers into the tensors).
/// Main path: IN(bn0) -> ReLU -> conv2 3x3 -> IN(bn3) -> ReLU -> conv5 3x3; shortcut: conv1x1
/// (skipW, no bias) -> IN(skipBn) when cin != cout, else identity; out = ReLU(main + shortcut).
/// Every IN is instance normalisation (per-image, per-channel mean and biased variance) with
/// the BatchNorm's affine weight and bias.
struct BlockWeights {
  int cin = 0, cout = 0;                          ///< cout must be a multiple of 8
  const float* bn0Weight = nullptr;               ///< [cin]
  const float* bn0Bias = nullptr;                 ///< [cin]
  const float* conv2Weight = nullptr;             ///< [cout][cin][3][3]
  const float* conv2Bias = nullptr;               ///< [cout]
  const float* bn3Weight = nullptr;               ///< [cout]
  const float* bn3Bias = nullptr;                 ///< [cout]
  const float* conv5Weight = nullptr;             ///< [cout][cout][3][3]
  const float* conv5Bias = nullptr;               ///< [cout]
  const float* skipWeight = nullptr;              ///< [cout][cin] (1x1), nullptr for identity
  const float* skipBnWeight = nullptr;            ///< [cout]
  const float* skipBnBias = nullptr;              ///< [cout]
  double eps = 1e-5;
};

/// Buffers of one block kept between calls: the full-resolution maps are tens of MB at input
/// 1024, and allocating them afresh for every image cost more kernel time (page faults and
/// zeroing) than the arithmetic. Only the zero borders are ever assumed; they are set when
/// the buffer is (re)shaped.
struct Workspace {
  std::vector<float> t, y;
  int height = -1, width = -1, cin = -1, cout = -1;
};

/// One residual block on one image: x is NHWC [height][width][cin]; out receives NHWC
/// [height/2][width/2][cout] when pool (2x2 max-pool, stride 2; height and width even) or
/// [height][width][cout]. x and out must not overlap.
void residualBlock(const float* x, int height, int width, const BlockWeights& w, bool pool,
                   float* out, const ParallelFor& parallelFor, Workspace* workspace = nullptr);

/// True when the kernel can run a block with these channel counts.
bool supports(int cin, int cout);

}  // namespace cxr::model::internal::fused
