#include "ui/editor/LiveMetrics.h"

#include "core/format/Rasterizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace cxr::editor {

using format::Organ;

namespace {

// Smallest and largest x over some organs.
std::pair<double, double> xExtent(const format::LandmarkSet& landmarks,
                                  std::initializer_list<Organ> organs) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (Organ organ : organs)
    for (const format::Point& p : landmarks.organ(organ)) {
      lo = std::min(lo, p.x);
      hi = std::max(hi, p.x);
    }
  return {lo, hi};
}

}  // namespace

double LiveMetrics::cardiothoracicRatio(const format::LandmarkSet& landmarks) {
  const auto [heartLo, heartHi] = xExtent(landmarks, {Organ::Heart});
  const auto [chestLo, chestHi] = xExtent(landmarks, {Organ::RightLung, Organ::LeftLung});
  const double thorax = chestHi - chestLo;
  if (!(thorax > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return (heartHi - heartLo) / thorax;
}

format::ComparisonResult LiveMetrics::compareToReference(const format::LandmarkSet& edited,
                                                         const format::LandmarkSet& reference,
                                                         int height, int width, int maxSide) {
  if (height <= 0 || width <= 0 || maxSide <= 0)
    throw std::invalid_argument("LiveMetrics::compareToReference: image size " +
                                std::to_string(height) + "x" + std::to_string(width) +
                                " and maxSide " + std::to_string(maxSide) + " must be positive");
  const int longer = std::max(height, width);
  const double factor = longer > maxSide ? double(maxSide) / double(longer) : 1.0;
  const int h = factor < 1.0 ? std::max(1, int(std::lround(height * factor))) : height;
  const int w = factor < 1.0 ? std::max(1, int(std::lround(width * factor))) : width;
  const format::LandmarkSet a = factor < 1.0 ? edited.scaled(factor) : edited;
  const format::LandmarkSet b = factor < 1.0 ? reference.scaled(factor) : reference;
  using format::Rasterizer;
  format::ComparisonResult result = format::ComparisonMetrics::compare(
      Rasterizer::organMask(a, Organ::RightLung, h, w), Rasterizer::organMask(a, Organ::LeftLung, h, w),
      Rasterizer::organMask(a, Organ::Heart, h, w), a,
      Rasterizer::organMask(b, Organ::RightLung, h, w), Rasterizer::organMask(b, Organ::LeftLung, h, w),
      Rasterizer::organMask(b, Organ::Heart, h, w), b);
  for (double* distance : {&result.hausdorffLungs, &result.hausdorffHeart, &result.hausdorff95Lungs,
                           &result.hausdorff95Heart})
    *distance /= factor;
  result.mse = format::ComparisonMetrics::landmarkMse(edited, reference);
  return result;
}

}  // namespace cxr::editor
