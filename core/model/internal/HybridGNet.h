#pragma once
// Internal to core/model: torch types are fine here, this header is never installed or
// included from outside the library's own sources.

#include "core/model/ModelConfig.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace cxr::model::internal {

/// BatchNorm2d built with track_running_stats=False, evaluated one image at a time: instance
/// norm with the BN's affine parameters (names weight, bias as in the state_dict).
struct AffineInstanceNormImpl : torch::nn::Module {
  explicit AffineInstanceNormImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight, bias;
};
TORCH_MODULE(AffineInstanceNorm);

/// Residual block of the encoder (children named block.{0,2,3,5}, skip.{0,1}).
struct ResidualBlockImpl : torch::nn::Module {
  ResidualBlockImpl(int64_t in, int64_t out);
  torch::Tensor forward(const torch::Tensor& x);
  AffineInstanceNorm bn0{nullptr}, bn3{nullptr}, skipBn{nullptr};
  torch::nn::Conv2d conv2{nullptr}, conv5{nullptr}, skipConv{nullptr};
};
TORCH_MODULE(ResidualBlock);

/// Ring graph of the landmark rings: each node's previous and next neighbour.
struct RingGraph {
  torch::Tensor prev, next;  ///< int64 [N]
  int64_t nodes = 0;
};

/// PyTorch Geometric ChebConv on the ring graphs (lambda_max 2, symmetric normalisation):
/// children lins.{k}.weight [out,in] without bias, optional `bias` [out].
struct ChebConvImpl : torch::nn::Module {
  ChebConvImpl(int64_t in, int64_t out, int64_t k, bool withBias);
  torch::Tensor forward(const torch::Tensor& x, const RingGraph& graph);
  std::vector<torch::nn::Linear> lins;
  torch::Tensor bias;
};
TORCH_MODULE(ChebConv);

/// Every intermediate of one forward pass (the golden set's stages).
struct ForwardTrace {
  torch::Tensor conv5, conv6, mu, logvar, dec, up6, up5, sc1, pos1, up4, pool, up3, sc2, pos2,
      up2, out;
};

/// HybridGNet 2-IGSC with the public implementation's parameter names.
struct HybridGNetImpl : torch::nn::Module {
  explicit HybridGNetImpl(const ModelConfig& config);

  /// Encoder: fills conv5, conv6, mu, and logvar (only when gradients are on: training).
  void encode(const torch::Tensor& input, ForwardTrace& t);
  /// Decoder from z (mu at inference) with the encoder's feature maps in `t`.
  void decode(const torch::Tensor& z, ForwardTrace& t);
  /// Full eval forward (z = mu).
  ForwardTrace forward(const torch::Tensor& input);

  torch::Tensor decLin(const torch::Tensor& z);
  torch::Tensor chebBlock(ChebConv& conv, const torch::Tensor& x, const RingGraph& graph);
  /// Skip connection: returns [x, sample(features, pos), pos] and pos.
  std::pair<torch::Tensor, torch::Tensor> skip(ChebConv& pre, const torch::Tensor& x,
                                               const torch::Tensor& features,
                                               const RingGraph& graph);
  torch::Tensor unpool(const torch::Tensor& x) const;
  /// The first `blocks` encoder blocks through the fused CPU kernel (FusedEncoder.h), one image
  /// at a time: returns the input of block `blocks` (already max-pooled), channels-last.
  torch::Tensor encodeFused(const torch::Tensor& input, int blocks);

  /// Encoder blocks run by the fused CPU kernel at inference (no autograd, CPU, float); 0 = none.
  int fusedBlocks = 0;
  /// Run the remaining encoder blocks in channels-last memory format (inference on the CPU).
  bool channelsLast = false;
  /// Buffers of the fused blocks kept between images (one set per block); used by one call
  /// at a time (a concurrent call takes fresh buffers).
  struct FusedBuffers;
  std::shared_ptr<FusedBuffers> fusedBuffers;

  ModelConfig config;
  RingGraph fine, coarse;
  torch::Tensor unpoolA, unpoolB;  ///< fine node = (coarse[A] + coarse[B]) / 2
  torch::Tensor downMatrix;        ///< [60,120] for the training loss (coarse targets)

  std::vector<ResidualBlock> down;
  torch::nn::Linear fcMu{nullptr}, fcLogvar{nullptr}, decLinear{nullptr};
  ChebConv up6{nullptr}, up5{nullptr}, up4{nullptr}, up3{nullptr}, up2{nullptr}, up1{nullptr};
  ChebConv sc1Pre{nullptr}, sc2Pre{nullptr};
};
TORCH_MODULE(HybridGNet);

/// Moves the graph index tensors to a device (after module.to(device)).
void moveGraphs(HybridGNetImpl& net, const torch::Device& device);

/// Instance norm over the feature axis of [B,N,F] (eps 1e-5, no affine).
torch::Tensor nodeInstanceNorm(const torch::Tensor& x);

}  // namespace cxr::model::internal
