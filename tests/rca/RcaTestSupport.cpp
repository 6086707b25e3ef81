#include "tests/rca/RcaTestSupport.h"

#include "core/format/ComparisonMetrics.h"
#include "core/format/Rasterizer.h"

#include <cmath>
#include <random>

namespace cxr::rca::test {

image::SyntheticCase synthetic(uint64_t seed, int side) {
  image::SyntheticOptions options;
  options.width = side;
  options.height = side;
  return image::SyntheticRadiograph::generate(seed, options);
}

ReferenceSet syntheticReferenceSet(uint64_t first, int count, int side) {
  ReferenceSet set;
  set.name = "synthetic-test";
  set.modelSha256 = "shape-coefficients";
  set.source = "tests: SyntheticRadiograph";
  for (int i = 0; i < count; ++i) {
    const image::SyntheticCase c = synthetic(first + uint64_t(i), side);
    Reference r;
    r.id = "synth_" + std::to_string(first + uint64_t(i));
    r.width = c.width;
    r.height = c.height;
    r.grey8 = c.grey8;
    r.landmarks = c.landmarks;
    r.latent.assign(c.shapeCoefficients.begin(), c.shapeCoefficients.end());
    set.references.push_back(std::move(r));
  }
  set.id = "synthetic-test-unsaved";
  return set;
}

format::LandmarkSet perturb(const format::LandmarkSet& truth, double m, uint64_t seed, int side) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  format::LandmarkSet out = truth;
  for (format::Organ organ : format::kOrgans) {
    const format::OrganRange r = format::organRange(organ);
    double cx = 0, cy = 0;
    for (int i = r.first; i < r.end(); ++i) cx += truth[i].x, cy += truth[i].y;
    cx /= r.count, cy /= r.count;
    const double angle = 3.14159265358979 * unit(rng);
    const double shift = m * 0.08 * side * (0.6 + 0.4 * std::abs(unit(rng)));
    const double scale = 1.0 + m * 0.25 * (unit(rng) > 0 ? 1.0 : -1.0);
    const double phase = 3.14159265358979 * unit(rng);
    const double wobble = m * 0.03 * side;
    for (int i = r.first; i < r.end(); ++i) {
      const double t = 2 * 3.14159265358979 * double(i - r.first) / r.count;
      const double dx = truth[i].x - cx, dy = truth[i].y - cy;
      const double len = std::max(1e-9, std::hypot(dx, dy));
      const double w = wobble * std::sin(3 * t + phase);
      out[i].x = cx + dx * scale + shift * std::cos(angle) + w * dx / len;
      out[i].y = cy + dy * scale + shift * std::sin(angle) + w * dy / len;
    }
  }
  return out;
}

double trueDice(const format::LandmarkSet& prediction, const format::LandmarkSet& truth, int height, int width) {
  using format::Organ;
  using format::Rasterizer;
  const format::Mask pl = Rasterizer::organMask(prediction, Organ::RightLung, height, width)
                              .unionWith(Rasterizer::organMask(prediction, Organ::LeftLung, height, width));
  const format::Mask tl = Rasterizer::organMask(truth, Organ::RightLung, height, width)
                              .unionWith(Rasterizer::organMask(truth, Organ::LeftLung, height, width));
  const double lungs = format::ComparisonMetrics::dice(pl, tl);
  const double heart = format::ComparisonMetrics::dice(Rasterizer::organMask(prediction, Organ::Heart, height, width),
                                                       Rasterizer::organMask(truth, Organ::Heart, height, width));
  return (lungs + heart) / 2.0;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t n = a.size();
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; ++i) ma += a[i], mb += b[i];
  ma /= double(n), mb /= double(n);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace cxr::rca::test
