#include "core/model/internal/HybridGNet.h"

#include "core/model/internal/FusedEncoder.h"
#include "core/model/internal/RoiSampler.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/ops/mkldnn_convolution.h>

#include <array>
#include <mutex>
#include <string>

namespace cxr::model::internal {
namespace {

// Landmark rings (RL, LL, H) of the fine graph; the coarse graph has ceil(n/2) per ring.
constexpr std::array<int64_t, 3> kFineRings{44, 50, 26};
constexpr int64_t kFineNodes = 120;
constexpr int64_t kCoarseNodes = 60;
constexpr double kEps = 1e-5;

RingGraph buildRings(bool coarse) {
  std::vector<int64_t> prev, next;
  int64_t first = 0;
  for (int64_t n : kFineRings) {
    const int64_t size = coarse ? (n + 1) / 2 : n;
    for (int64_t i = 0; i < size; ++i) {
      prev.push_back(first + (i + size - 1) % size);
      next.push_back(first + (i + 1) % size);
    }
    first += size;
  }
  RingGraph g;
  g.nodes = first;
  g.prev = torch::tensor(prev, torch::kLong);
  g.next = torch::tensor(next, torch::kLong);
  return g;
}

// U (120 x 60) as two index lists: fine 2k = coarse k (A = B = k), fine 2k+1 = mean of
// coarse k and k+1 (mod ring); D (60 x 120): coarse k = mean of fine 2k, 2k+1.
void buildPooling(torch::Tensor& a, torch::Tensor& b, torch::Tensor& down) {
  std::vector<int64_t> ia, ib;
  down = torch::zeros({kCoarseNodes, kFineNodes});
  int64_t fineFirst = 0, coarseFirst = 0;
  for (int64_t n : kFineRings) {
    const int64_t n2 = (n + 1) / 2;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t k = i / 2;
      ia.push_back(coarseFirst + k);
      ib.push_back(coarseFirst + (i % 2 == 0 ? k : (k + 1) % n2));
    }
    for (int64_t k = 0; k < n2; ++k) {
      const bool pair = 2 * k + 1 < n;
      down[coarseFirst + k][fineFirst + 2 * k] = pair ? 0.5 : 1.0;
      if (pair) down[coarseFirst + k][fineFirst + 2 * k + 1] = 0.5;
    }
    fineFirst += n;
    coarseFirst += n2;
  }
  a = torch::tensor(ia, torch::kLong);
  b = torch::tensor(ib, torch::kLong);
}

}  // namespace

struct HybridGNetImpl::FusedBuffers {
  std::mutex mutex;
  std::vector<fused::Workspace> blocks;
  std::vector<float> a, b;
};

torch::Tensor nodeInstanceNorm(const torch::Tensor& x) {
  // InstanceNorm1d on [B, N, F]: N is the channel axis, statistics over F, biased variance.
  return torch::instance_norm(x, {}, {}, {}, {}, true, 0.1, kEps, false);
}

AffineInstanceNormImpl::AffineInstanceNormImpl(int64_t channels) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor AffineInstanceNormImpl::forward(const torch::Tensor& x) {
  return torch::instance_norm(x, weight, bias, {}, {}, true, 0.1, kEps, true);
}

ResidualBlockImpl::ResidualBlockImpl(int64_t in, int64_t out) {
  auto block = register_module("block", std::make_shared<torch::nn::Module>());
  bn0 = block->register_module("0", AffineInstanceNorm(in));
  conv2 = block->register_module(
      "2", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(true)));
  bn3 = block->register_module("3", AffineInstanceNorm(out));
  conv5 = block->register_module(
      "5", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1).bias(true)));
  if (in != out) {
    auto skip = register_module("skip", std::make_shared<torch::nn::Module>());
    skipConv = skip->register_module(
        "0", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).bias(false)));
    skipBn = skip->register_module("1", AffineInstanceNorm(out));
  }
}

namespace {

/// Inference on the CPU in float with oneDNN available: the layers below then call oneDNN
/// themselves. LibTorch picks oneDNN for a convolution only above 20,480 input values at batch
/// 1, and otherwise (the 16 x 16 and 8 x 8 encoder blocks at input 256), like every Linear,
/// uses the system BLAS, which on Debian is the single-threaded reference BLAS: at input 256
/// that was 42 % of the time (docs/performance.md). Training keeps LibTorch's own choice.
bool oneDnnInference(const torch::Tensor& x) {
  return !torch::GradMode::is_enabled() && x.device().is_cpu() && x.scalar_type() == torch::kFloat &&
         at::hasMKLDNN() && at::globalContext().userEnabledMkldnn();
}

/// A stride-1 convolution in oneDNN, zero-padded by `pad`; `bias` may be undefined.
torch::Tensor oneDnnConv(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                         int64_t pad) {
  c10::optional<at::Tensor> b;
  if (bias.defined()) b = bias;
  return at::mkldnn_convolution(x, weight, b, {pad, pad}, {1, 1}, {1, 1}, 1);
}

/// A stride-1 "same" convolution of the encoder.
torch::Tensor encoderConv(torch::nn::Conv2d& conv, const torch::Tensor& x) {
  if (!oneDnnInference(x)) return conv->forward(x);
  return oneDnnConv(x, conv->weight, conv->bias, (conv->weight.size(-1) - 1) / 2);
}

}  // namespace

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor main = encoderConv(conv2, torch::relu(bn0->forward(x)));
  main = encoderConv(conv5, torch::relu(bn3->forward(main)));
  const torch::Tensor shortcut = skipConv ? skipBn->forward(encoderConv(skipConv, x)) : x;
  return torch::relu(main + shortcut);
}

ChebConvImpl::ChebConvImpl(int64_t in, int64_t out, int64_t k, bool withBias) {
  auto holder = register_module("lins", std::make_shared<torch::nn::Module>());
  for (int64_t i = 0; i < k; ++i)
    lins.push_back(holder->register_module(
        std::to_string(i), torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false))));
  if (withBias) bias = register_parameter("bias", torch::zeros({out}));
}

torch::Tensor ChebConvImpl::forward(const torch::Tensor& x, const RingGraph& graph) {
  // L^ = -A/2 on rings (every degree is 2): L^ X = -(X[prev] + X[next]) / 2.
  auto lap = [&](const torch::Tensor& t) {
    return (t.index_select(1, graph.prev) + t.index_select(1, graph.next)) * -0.5;
  };
  // The K = 1 layers (the skip connections' positions and the output) stay as they are: they
  // are tiny, and their positions feed the feature sampling, whose grid switches at pixel edges.
  if (lins.size() > 1 && oneDnnInference(x)) {
    // The K Chebyshev terms side by side and one product with the K weights side by side, as a
    // 1 x 1 convolution over (batch x nodes) run by oneDNN. The same sums as below in another
    // order.
    std::vector<torch::Tensor> terms{x, lap(x)}, weights;
    for (size_t k = 2; k < lins.size(); ++k) {
      const size_t n = terms.size();
      terms.push_back(2.0 * lap(terms[n - 1]) - terms[n - 2]);
    }
    for (const auto& lin : lins) weights.push_back(lin->weight);
    const torch::Tensor stacked = torch::cat(terms, -1);
    const int64_t rows = stacked.size(0) * stacked.size(1), features = stacked.size(2);
    const torch::Tensor w = torch::cat(weights, 1);
    return oneDnnConv(stacked.reshape({rows, features, 1, 1}), w.view({w.size(0), features, 1, 1}), bias, 0)
        .reshape({x.size(0), x.size(1), w.size(0)});
  }
  torch::Tensor t0 = x;
  torch::Tensor out = lins[0]->forward(t0);
  if (lins.size() > 1) {
    torch::Tensor t1 = lap(x);
    out = out + lins[1]->forward(t1);
    for (size_t k = 2; k < lins.size(); ++k) {
      torch::Tensor t2 = 2.0 * lap(t1) - t0;
      out = out + lins[k]->forward(t2);
      t0 = t1;
      t1 = t2;
    }
  }
  if (bias.defined()) out = out + bias;
  return out;
}

HybridGNetImpl::HybridGNetImpl(const ModelConfig& cfg)
    : fusedBuffers(std::make_shared<FusedBuffers>()), config(cfg) {
  config.validate();
  fine = buildRings(false);
  coarse = buildRings(true);
  buildPooling(unpoolA, unpoolB, downMatrix);
  auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
  const std::array<int64_t, 7> channels{1, 8, 16, 32, 64, 128, 128};
  for (int i = 0; i < 6; ++i)
    down.push_back(encoder->register_module("dconv_down" + std::to_string(i + 1),
                                            ResidualBlock(channels[i], channels[i + 1])));
  fcMu = encoder->register_module("fc_mu", torch::nn::Linear(cfg.flatFeatures(), cfg.latents));
  fcLogvar =
      encoder->register_module("fc_logvar", torch::nn::Linear(cfg.flatFeatures(), cfg.latents));
  decLinear = register_module("dec_lin", torch::nn::Linear(cfg.latents, kCoarseNodes * 16));
  up6 = register_module("graphConv_up6", ChebConv(16, 16, 6, true));
  up5 = register_module("graphConv_up5", ChebConv(16, 16, 6, true));
  auto sc1 = register_module("SC_1", std::make_shared<torch::nn::Module>());
  sc1Pre = sc1->register_module("graphConv_pre", ChebConv(16, 2, 1, false));
  up4 = register_module("graphConv_up4", ChebConv(16 + 128 + 2, 32, 6, true));
  up3 = register_module("graphConv_up3", ChebConv(32, 32, 6, true));
  auto sc2 = register_module("SC_2", std::make_shared<torch::nn::Module>());
  sc2Pre = sc2->register_module("graphConv_pre", ChebConv(32, 2, 1, false));
  up2 = register_module("graphConv_up2", ChebConv(32 + 128 + 2, 32, 6, true));
  up1 = register_module("graphConv_up1", ChebConv(32, 2, 1, false));
}

void HybridGNetImpl::encode(const torch::Tensor& input, ForwardTrace& t) {
  torch::Tensor x = input;
  size_t first = 0;
  const bool inference = !torch::GradMode::is_enabled() && input.device().is_cpu() &&
                         input.scalar_type() == torch::kFloat;
  if (inference && fusedBlocks > 0) {
    // Blocks 0-3 at most: block 4's output (conv5) and block 5 (128 channels) stay in torch.
    first = static_cast<size_t>(std::min(fusedBlocks, 4));
    x = encodeFused(input, static_cast<int>(first));
  }
  if (inference && channelsLast) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  else x = x.contiguous();
  for (size_t i = first; i < down.size(); ++i) {
    if (i > first) x = torch::max_pool2d(x, 2);
    x = down[i]->forward(x);
    if (i == 4) t.conv5 = x.contiguous();
  }
  x = x.contiguous();
  t.conv6 = x;
  if (oneDnnInference(x)) {
    // fc_mu as a convolution whose kernel covers the whole feature map (the same sum over the
    // flattened NCHW features), run by oneDNN; logvar only feeds the training loss and is left
    // undefined.
    const torch::Tensor w = fcMu->weight.view({fcMu->weight.size(0), x.size(1), x.size(2), x.size(3)});
    t.mu = oneDnnConv(x, w, fcMu->bias, 0).reshape({x.size(0), -1});
    return;
  }
  const torch::Tensor flat = x.reshape({x.size(0), -1});
  t.mu = fcMu->forward(flat);
  t.logvar = fcLogvar->forward(flat);
}

fused::ParallelFor fused::intraOpParallelFor() {
  return [](int64_t n, const std::function<void(int64_t, int64_t)>& body) {
    at::parallel_for(0, n, 1, body);
  };
}

torch::Tensor HybridGNetImpl::encodeFused(const torch::Tensor& input, int blocks) {
  std::shared_ptr<FusedBuffers> buffers = fusedBuffers;
  std::unique_lock<std::mutex> lock(buffers->mutex, std::try_to_lock);
  if (!lock.owns_lock()) buffers = std::make_shared<FusedBuffers>();  // another call holds them
  buffers->blocks.resize(static_cast<size_t>(blocks));
  const torch::Tensor in = input.contiguous();
  const int64_t batch = in.size(0), side = in.size(2);
  if (in.size(1) != 1 || in.size(3) != side || side % (int64_t(1) << blocks) != 0)
    throw std::invalid_argument("fused encoder: expects [B, 1, S, S] with S divisible by 2^blocks");
  std::vector<torch::Tensor> keep;  // contiguous copies of the parameters, alive during the call
  auto ptr = [&keep](const torch::Tensor& p) {
    keep.push_back(p.detach().contiguous());
    return keep.back().data_ptr<float>();
  };
  std::vector<fused::BlockWeights> weights(static_cast<size_t>(blocks));
  for (int k = 0; k < blocks; ++k) {
    const ResidualBlockImpl& b = *down[static_cast<size_t>(k)];
    fused::BlockWeights& w = weights[static_cast<size_t>(k)];
    w.cin = static_cast<int>(b.conv2->weight.size(1));
    w.cout = static_cast<int>(b.conv2->weight.size(0));
    if (!fused::supports(w.cin, w.cout))
      throw std::invalid_argument("fused encoder: block " + std::to_string(k + 1) + " has unsupported channels");
    w.bn0Weight = ptr(b.bn0->weight);
    w.bn0Bias = ptr(b.bn0->bias);
    w.conv2Weight = ptr(b.conv2->weight);
    w.conv2Bias = ptr(b.conv2->bias);
    w.bn3Weight = ptr(b.bn3->weight);
    w.bn3Bias = ptr(b.bn3->bias);
    w.conv5Weight = ptr(b.conv5->weight);
    w.conv5Bias = ptr(b.conv5->bias);
    if (b.skipConv) {
      w.skipWeight = ptr(b.skipConv->weight);
      w.skipBnWeight = ptr(b.skipBn->weight);
      w.skipBnBias = ptr(b.skipBn->bias);
    }
    w.eps = kEps;
  }
  const int64_t outSide = side >> blocks;
  const int64_t outChannels = weights.back().cout;
  torch::Tensor result = torch::empty({batch, outChannels, outSide, outSide},
                                      in.options().memory_format(torch::MemoryFormat::ChannelsLast));
  const fused::ParallelFor parallelFor = fused::intraOpParallelFor();
  std::vector<float>& a = buffers->a;
  std::vector<float>& b = buffers->b;
  for (int64_t i = 0; i < batch; ++i) {
    const float* src = in.data_ptr<float>() + i * side * side;
    int64_t h = side;
    for (int k = 0; k < blocks; ++k) {
      const fused::BlockWeights& w = weights[static_cast<size_t>(k)];
      float* dst;
      if (k + 1 == blocks) {
        dst = result.data_ptr<float>() + i * outChannels * outSide * outSide;
      } else {
        std::vector<float>& buf = (k % 2 == 0) ? a : b;
        buf.resize(static_cast<size_t>((h / 2) * (h / 2) * w.cout));
        dst = buf.data();
      }
      fused::residualBlock(src, static_cast<int>(h), static_cast<int>(h), w, true, dst, parallelFor,
                           &buffers->blocks[static_cast<size_t>(k)]);
      src = dst;
      h /= 2;
    }
  }
  return result;
}

torch::Tensor HybridGNetImpl::decLin(const torch::Tensor& z) {
  return torch::relu(decLinear->forward(z)).reshape({z.size(0), kCoarseNodes, 16});
}

torch::Tensor HybridGNetImpl::chebBlock(ChebConv& conv, const torch::Tensor& x,
                                        const RingGraph& graph) {
  return torch::relu(nodeInstanceNorm(conv->forward(x, graph)));
}

std::pair<torch::Tensor, torch::Tensor> HybridGNetImpl::skip(ChebConv& pre, const torch::Tensor& x,
                                                             const torch::Tensor& features,
                                                             const RingGraph& graph) {
  const torch::Tensor pos = pre->forward(x, graph);
  const torch::Tensor sampled = roiSample(features, pos);
  return {torch::cat({x, sampled, pos}, 2), pos};
}

torch::Tensor HybridGNetImpl::unpool(const torch::Tensor& x) const {
  return (x.index_select(1, unpoolA) + x.index_select(1, unpoolB)) * 0.5;
}

void HybridGNetImpl::decode(const torch::Tensor& z, ForwardTrace& t) {
  t.dec = decLin(z);
  t.up6 = chebBlock(up6, t.dec, coarse);
  t.up5 = chebBlock(up5, t.up6, coarse);
  std::tie(t.sc1, t.pos1) = skip(sc1Pre, t.up5, t.conv6, coarse);
  t.up4 = chebBlock(up4, t.sc1, coarse);
  t.pool = unpool(t.up4);
  t.up3 = chebBlock(up3, t.pool, fine);
  std::tie(t.sc2, t.pos2) = skip(sc2Pre, t.up3, t.conv5, fine);
  t.up2 = chebBlock(up2, t.sc2, fine);
  t.out = up1->forward(t.up2, fine);
}

ForwardTrace HybridGNetImpl::forward(const torch::Tensor& input) {
  ForwardTrace t;
  encode(input, t);
  decode(t.mu, t);
  return t;
}

void moveGraphs(HybridGNetImpl& net, const torch::Device& device) {
  for (RingGraph* g : {&net.fine, &net.coarse}) {
    g->prev = g->prev.to(device);
    g->next = g->next.to(device);
  }
  net.unpoolA = net.unpoolA.to(device);
  net.unpoolB = net.unpoolB.to(device);
  net.downMatrix = net.downMatrix.to(device);
}

}  // namespace cxr::model::internal
