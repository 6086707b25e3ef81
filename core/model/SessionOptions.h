#pragma once

#include <string>

namespace cxr::model {

/// Where the network runs.
enum class Device { Auto, Cpu, Cuda };

/// "auto", "cpu" or "cuda" (throws std::invalid_argument otherwise).
Device parseDevice(const std::string& text);

/// How an InferenceSession is opened.
struct SessionOptions {
  Device device = Device::Auto;  ///< Auto: CUDA when available, else CPU
  int threads = 0;               ///< torch intra-op threads; 0 = all cores (LibTorch alone would use 1)
  int batchSize = 1;             ///< images per forward pass inside run()
  int inputSize = 0;             ///< 0 = read from the weights (state_dict) / 1024 (TorchScript)
  bool warmUp = true;            ///< run one dummy batch at open so the first real call is not slow
  /// True: every image gets its own forward pass inside a batch, so answers are bit-identical
  /// to one image at a time (convolution and GEMM kernels pick batch-size-dependent blocking,
  /// and a last-bit change can flip the 3x3/4x4 sampling grid). False: one pass per batch
  /// (the model normalises per image, so results agree to float rounding; faster on a GPU).
  bool batchInvariant = true;
  /// CPU only: how many of the encoder's first residual blocks run through the hand-written
  /// fused kernel (internal/FusedEncoder.h) instead of LibTorch's convolutions. -1 = the
  /// default (kDefaultFusedBlocks, measured fastest: docs/performance.md), 0 = pure LibTorch
  /// (the reference path), at most 4. Results agree to float rounding (tests compare them).
  int fusedBlocks = -1;
  /// CPU only: run the encoder blocks left to LibTorch in channels-last memory format
  /// (-1 = the default, kDefaultChannelsLast; 0 = no; 1 = yes).
  int channelsLast = -1;
};

inline constexpr int kDefaultFusedBlocks = 4;
inline constexpr bool kDefaultChannelsLast = false;

}  // namespace cxr::model
