#include "core/model/internal/TrainingData.h"

#include <cmath>
#include <stdexcept>

namespace cxr::model::internal {

namespace F = torch::nn::functional;

PreparedSet prepareSet(const std::vector<TrainingSample>& samples, int inputSize) {
  const int64_t n = static_cast<int64_t>(samples.size());
  PreparedSet set;
  set.images = torch::empty({n, 1, inputSize, inputSize});
  set.targets = torch::empty({n, 120, 2});
  for (int64_t i = 0; i < n; ++i) {
    const TrainingSample& s = samples[static_cast<size_t>(i)];
    if (s.landmarks.size() != 240)
      throw std::runtime_error("training sample '" + s.id + "' has " +
                               std::to_string(s.landmarks.size()) + " landmark values, not 240");
    if (s.width <= 0 || s.height <= 0 ||
        s.pixels.size() != static_cast<size_t>(s.width) * static_cast<size_t>(s.height))
      throw std::runtime_error("training sample '" + s.id + "' has inconsistent pixel data");
    torch::Tensor img = torch::from_blob(const_cast<uint8_t*>(s.pixels.data()),
                                         {1, 1, s.height, s.width}, torch::kUInt8)
                            .to(torch::kFloat)
                            .div(255.0);
    if (s.width != inputSize || s.height != inputSize) {
      const bool shrink = s.width > inputSize || s.height > inputSize;
      img = F::interpolate(img, F::InterpolateFuncOptions()
                                    .size(std::vector<int64_t>{inputSize, inputSize})
                                    .mode(torch::kBilinear)
                                    .align_corners(false)
                                    .antialias(shrink));
    }
    set.images[i] = img[0].clamp(0.0, 1.0);
    torch::Tensor xy = torch::tensor(s.landmarks).reshape({120, 2});
    xy.select(1, 0).div_(static_cast<double>(s.width));
    xy.select(1, 1).div_(static_cast<double>(s.height));
    set.targets[i] = xy;
  }
  return set;
}

void augmentBatch(torch::Tensor& images, torch::Tensor& targets, const TrainingOptions& o) {
  const int64_t b = images.size(0);
  auto uniform = [&](double lo, double hi) { return torch::rand({b}) * (hi - lo) + lo; };
  const double kPi = 3.14159265358979323846;
  const torch::Tensor scale = uniform(1.0 - o.scaleJitter, 1.0 + o.scaleJitter);
  const torch::Tensor angle = uniform(-o.rotationDegrees, o.rotationDegrees) * (kPi / 180.0);
  const torch::Tensor shift = (torch::rand({b, 2}) * 2 - 1) * (2.0 * o.shiftFraction);
  const torch::Tensor c = torch::cos(angle), s = torch::sin(angle);
  // grid_sample maps output coordinates to input ones: in = R(angle) out / scale + shift,
  // in normalised [-1,1] coordinates; landmarks move the inverse way.
  torch::Tensor theta = torch::stack({torch::stack({c / scale, -s / scale, shift.select(1, 0)}, 1),
                                      torch::stack({s / scale, c / scale, shift.select(1, 1)}, 1)},
                                     1);
  torch::Tensor grid = F::affine_grid(theta, images.sizes().vec(), false);  // [B,S,S,2]
  torch::Tensor field;  // elastic displacement of the sampling positions, [B,2,S,S]
  if (o.elasticFraction > 0) {
    const torch::Tensor coarse = (torch::rand({b, 2, 4, 4}) * 2 - 1) * (2.0 * o.elasticFraction);
    field = F::interpolate(coarse, F::InterpolateFuncOptions()
                                       .size(std::vector<int64_t>{images.size(2), images.size(3)})
                                       .mode(torch::kBicubic)
                                       .align_corners(true));
    grid = grid + field.permute({0, 2, 3, 1});
  }
  images = F::grid_sample(images, grid,
                          F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
  // A landmark at input position q lands at the output position p with A p + d(p) = q
  // (A the affine above, d the elastic field): p = A^-1 (q - d(p)), solved by fixed-point
  // iteration from p = A^-1 q (the field is smooth and small, so it converges in a few).
  const torch::Tensor q = targets * 2 - 1;  // [B,120,2] in [-1,1]
  const torch::Tensor cs = c.unsqueeze(1), sn = s.unsqueeze(1), sc = scale.unsqueeze(1);
  auto inverseAffine = [&](const torch::Tensor& v) {  // scale * R(-angle) (v - shift)
    const torch::Tensor n = v - shift.unsqueeze(1);
    const torch::Tensor nx = n.select(2, 0), ny = n.select(2, 1);
    return torch::stack({sc * (cs * nx + sn * ny), sc * (-sn * nx + cs * ny)}, 2);
  };
  torch::Tensor p = inverseAffine(q);
  if (field.defined()) {
    for (int it = 0; it < 4; ++it) {
      const torch::Tensor d = F::grid_sample(field, p.unsqueeze(2),
                                             F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false))
                                  .squeeze(3)
                                  .permute({0, 2, 1});  // [B,120,2]
      p = inverseAffine(q - d);
    }
  }
  targets = ((p + 1) / 2).clamp(0.0, 1.0);
  if (o.contrastJitter > 0) {
    const torch::Tensor k = uniform(1.0 - o.contrastJitter, 1.0 + o.contrastJitter).view({b, 1, 1, 1});
    const torch::Tensor mean = images.mean({1, 2, 3}, true);
    images = (images - mean) * k + mean;
  }
  if (o.opacityProbability > 0) {
    // Gaussian patch brightening towards white: img + a * G * (1 - img), centred on one of
    // the 94 lung landmarks (RL 0-43, LL 44-93) of the augmented image.
    const int64_t side = images.size(3), rows = images.size(2);
    const torch::Tensor on = (torch::rand({b}) < o.opacityProbability).to(torch::kFloat);
    const torch::Tensor which = torch::randint(0, 94, {b}, torch::kLong);
    const torch::Tensor centre = targets.index({torch::arange(b), which});  // [B,2] in [0,1]
    const torch::Tensor sigma = uniform(0.05, 0.14).view({b, 1, 1});
    const torch::Tensor amp = (uniform(0.4, 0.9) * on).view({b, 1, 1, 1});
    const torch::Tensor xs = (torch::arange(side, torch::kFloat) + 0.5) / static_cast<double>(side);
    const torch::Tensor ys = (torch::arange(rows, torch::kFloat) + 0.5) / static_cast<double>(rows);
    const torch::Tensor dx = xs.view({1, 1, side}) - centre.select(1, 0).view({b, 1, 1});
    const torch::Tensor dy = ys.view({1, rows, 1}) - centre.select(1, 1).view({b, 1, 1});
    const torch::Tensor g = torch::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)).unsqueeze(1);
    images = images + amp * g * (1 - images);
  }
  const torch::Tensor gamma = uniform(1.0 - o.gammaJitter, 1.0 + o.gammaJitter).view({b, 1, 1, 1});
  images = images.clamp(0.0, 1.0).pow(gamma);
  const torch::Tensor sigma = (torch::rand({b}) * o.noiseSigma).view({b, 1, 1, 1});
  images = (images + torch::randn_like(images) * sigma).clamp(0.0, 1.0);
}

}  // namespace cxr::model::internal
