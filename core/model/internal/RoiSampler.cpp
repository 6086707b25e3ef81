#include "core/model/internal/RoiSampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace cxr::model::internal {
namespace {

// One bilinear sample: four flat offsets into an h*w plane and their weights.
struct Sample {
  int64_t p1 = 0, p2 = 0, p3 = 0, p4 = 0;
  float w1 = 0, w2 = 0, w3 = 0, w4 = 0;
};

// The sampling grid of one node, built with torchvision's float32 arithmetic
// (roi_align_kernel.cpp, pre_calc_for_bilinear_interpolate) so the grid size and the
// weights match bit for bit.
struct NodeGrid {
  std::vector<Sample> samples;  // gy * gx entries, y-major
  int count = 1;
};

NodeGrid buildGrid(float px, float py, int64_t height, int64_t width) {
  const float qx = px * static_cast<float>(width);
  const float qy = py * static_cast<float>(height);
  // Box (q - 1, q + 2) as the public code builds it in float32, then roi_align's offset 0.5.
  const float startW = (qx - 1.0f) * 1.0f - 0.5f;
  const float startH = (qy - 1.0f) * 1.0f - 0.5f;
  const float endW = (qx + 2.0f) * 1.0f - 0.5f;
  const float endH = (qy + 2.0f) * 1.0f - 0.5f;
  const float roiW = endW - startW;
  const float roiH = endH - startH;
  const float binW = roiW / 1.0f;
  const float binH = roiH / 1.0f;
  NodeGrid grid;
  if (!std::isfinite(roiH) || !std::isfinite(roiW)) {
    // A NaN or infinite node position (a diverged model, NaN weights): the sample is NaN, so it
    // reaches the output where the postprocessor refuses it. Converting the NaN box size to int
    // was undefined behaviour (UBSan: the grid size became INT_MIN and the feature silently 0).
    Sample s;
    s.w1 = std::numeric_limits<float>::quiet_NaN();
    grid.samples.push_back(s);
    return grid;
  }
  const int gridH = static_cast<int>(std::ceil(roiH / 1.0f));
  const int gridW = static_cast<int>(std::ceil(roiW / 1.0f));
  grid.count = std::max(gridH * gridW, 1);
  grid.samples.reserve(static_cast<size_t>(std::max(gridH * gridW, 0)));
  for (int iy = 0; iy < gridH; ++iy) {
    const float yy = startH + 0.0f * binH +
                     static_cast<float>(iy + .5f) * binH / static_cast<float>(gridH);
    for (int ix = 0; ix < gridW; ++ix) {
      const float xx = startW + 0.0f * binW +
                       static_cast<float>(ix + .5f) * binW / static_cast<float>(gridW);
      float y = yy, x = xx;
      Sample s;
      if (y < -1.0 || y > height || x < -1.0 || x > width) {
        grid.samples.push_back(s);  // contributes 0 but still counts
        continue;
      }
      if (y <= 0) y = 0;
      if (x <= 0) x = 0;
      int64_t yLow = static_cast<int>(y), xLow = static_cast<int>(x), yHigh, xHigh;
      if (yLow >= height - 1) {
        yHigh = yLow = height - 1;
        y = static_cast<float>(yLow);
      } else {
        yHigh = yLow + 1;
      }
      if (xLow >= width - 1) {
        xHigh = xLow = width - 1;
        x = static_cast<float>(xLow);
      } else {
        xHigh = xLow + 1;
      }
      const float ly = y - yLow, lx = x - xLow;
      const float hy = static_cast<float>(1. - ly), hx = static_cast<float>(1. - lx);
      s.w1 = hy * hx;
      s.w2 = hy * lx;
      s.w3 = ly * hx;
      s.w4 = ly * lx;
      s.p1 = yLow * width + xLow;
      s.p2 = yLow * width + xHigh;
      s.p3 = yHigh * width + xLow;
      s.p4 = yHigh * width + xHigh;
      grid.samples.push_back(s);
    }
  }
  return grid;
}

std::vector<NodeGrid> buildGrids(const torch::Tensor& positionsCpu, int64_t height,
                                 int64_t width) {
  const auto pos = positionsCpu.accessor<float, 3>();
  std::vector<NodeGrid> grids;
  grids.reserve(static_cast<size_t>(pos.size(0) * pos.size(1)));
  for (int64_t b = 0; b < pos.size(0); ++b)
    for (int64_t n = 0; n < pos.size(1); ++n)
      grids.push_back(buildGrid(pos[b][n][0], pos[b][n][1], height, width));
  return grids;
}

torch::Tensor sampleForward(const torch::Tensor& features, const std::vector<NodeGrid>& grids,
                            int64_t nodes) {
  const int64_t batch = features.size(0), channels = features.size(1);
  const int64_t plane = features.size(2) * features.size(3);
  torch::Tensor out = torch::zeros({batch, nodes, channels}, features.options());
  const float* f = features.data_ptr<float>();
  float* o = out.data_ptr<float>();
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t n = 0; n < nodes; ++n) {
      const NodeGrid& g = grids[static_cast<size_t>(b * nodes + n)];
      float* dst = o + (b * nodes + n) * channels;
      for (int64_t c = 0; c < channels; ++c) {
        const float* src = f + (b * channels + c) * plane;
        float value = 0;
        for (const Sample& s : g.samples)
          value += s.w1 * src[s.p1] + s.w2 * src[s.p2] + s.w3 * src[s.p3] + s.w4 * src[s.p4];
        dst[c] = value / static_cast<float>(g.count);
      }
    }
  }
  return out;
}

torch::Tensor sampleBackward(const torch::Tensor& grad, const std::vector<NodeGrid>& grids,
                             const std::vector<int64_t>& featureShape) {
  const int64_t batch = featureShape[0], channels = featureShape[1];
  const int64_t plane = featureShape[2] * featureShape[3], nodes = grad.size(1);
  torch::Tensor gradFeatures = torch::zeros(featureShape, grad.options());
  const float* g = grad.data_ptr<float>();
  float* gf = gradFeatures.data_ptr<float>();
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t n = 0; n < nodes; ++n) {
      const NodeGrid& grid = grids[static_cast<size_t>(b * nodes + n)];
      for (int64_t c = 0; c < channels; ++c) {
        const float gv = g[(b * nodes + n) * channels + c] / static_cast<float>(grid.count);
        float* dst = gf + (b * channels + c) * plane;
        for (const Sample& s : grid.samples) {
          dst[s.p1] += gv * s.w1;
          dst[s.p2] += gv * s.w2;
          dst[s.p3] += gv * s.w3;
          dst[s.p4] += gv * s.w4;
        }
      }
    }
  }
  return gradFeatures;
}

// The kernel works on the CPU; tensors on another device make a round trip (the skip
// features are small: 128 x (S/16)^2 floats per image).
class RoiSampleFunction : public torch::autograd::Function<RoiSampleFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& features,
                               const torch::Tensor& positions) {
    const torch::Tensor f = features.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const torch::Tensor p = positions.detach().to(torch::kCPU, torch::kFloat).contiguous();
    ctx->save_for_backward({p});
    ctx->saved_data["shape"] = features.sizes().vec();
    const auto grids = buildGrids(p, f.size(2), f.size(3));
    return sampleForward(f, grids, p.size(1)).to(features.device());
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const torch::Tensor p = ctx->get_saved_variables()[0];
    const std::vector<int64_t> shape = ctx->saved_data["shape"].toIntVector();
    const auto grids = buildGrids(p, shape[2], shape[3]);
    const torch::Tensor g = grads[0].to(torch::kCPU, torch::kFloat).contiguous();
    torch::Tensor gradFeatures = sampleBackward(g, grids, shape).to(grads[0].device());
    return {gradFeatures, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor roiSample(const torch::Tensor& features, const torch::Tensor& positions) {
  TORCH_CHECK(features.dim() == 4 && positions.dim() == 3 && positions.size(2) == 2 &&
                  features.size(0) == positions.size(0),
              "roiSample: features [B,C,h,w] and positions [B,N,2] expected");
  return RoiSampleFunction::apply(features, positions);
}

}  // namespace cxr::model::internal
