#include "core/image/GreyMapping.h"

#include <algorithm>
#include <cmath>

namespace cxr::image {

double GreyMapping::window(double x, double center, double width, const std::string& function) {
  if (function == "SIGMOID") return 1.0 / (1.0 + std::exp(-4.0 * (x - center) / width));
  if (function == "LINEAR_EXACT") {
    if (x <= center - width / 2.0) return 0.0;
    if (x > center + width / 2.0) return 1.0;
    return (x - center) / width + 0.5;
  }
  // LINEAR: the width includes the end points, so a width of 1 is a threshold.
  if (width <= 1.0) return x > center - 0.5 ? 1.0 : 0.0;
  if (x <= center - 0.5 - (width - 1.0) / 2.0) return 0.0;
  if (x > center - 0.5 + (width - 1.0) / 2.0) return 1.0;
  return (x - (center - 0.5)) / (width - 1.0) + 0.5;
}

std::vector<double> GreyMapping::applyVoi(const std::vector<float>& values, const VoiOption& voi) {
  std::vector<double> out(values.size());
  if (voi.kind == VoiOption::Kind::Lut) {
    const auto& lut = voi.lutData;
    const long long last = static_cast<long long>(lut.size()) - 1;
    for (size_t i = 0; i < values.size(); ++i) {
      const long long index = std::llround(std::floor(values[i])) - voi.lutFirstMapped;
      out[i] = lut.empty() ? 0.0 : lut[size_t(std::clamp(index, 0LL, last))];
    }
    return out;
  }
  // The function is resolved once; comparing its name per pixel dominated large images.
  const double c = voi.center, w = voi.width;
  if (voi.function == "SIGMOID" || voi.function == "LINEAR_EXACT" || w <= 1.0) {
    for (size_t i = 0; i < values.size(); ++i) out[i] = window(values[i], c, w, voi.function);
    return out;
  }
  const double lo = c - 0.5 - (w - 1.0) / 2.0, hi = c - 0.5 + (w - 1.0) / 2.0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double x = values[i];
    out[i] = x <= lo ? 0.0 : (x > hi ? 1.0 : (x - (c - 0.5)) / (w - 1.0) + 0.5);
  }
  return out;
}

void GreyMapping::invert(std::vector<double>& values) {
  if (values.empty()) return;
  const double maxValue = *std::max_element(values.begin(), values.end());
  for (double& v : values) v = maxValue - v;
}

std::vector<uint8_t> GreyMapping::minMaxTo8(const std::vector<double>& values) {
  std::vector<uint8_t> out(values.size(), 0);
  if (values.empty()) return out;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const double minValue = *lo;
  const double range = *hi - *lo;
  if (!(range > 0.0)) return out;
  for (size_t i = 0; i < values.size(); ++i) {
    // Same order of operations as the reference: subtract, divide by the range, times 255.
    const double scaled = (values[i] - minValue) / range * 255.0;
    out[i] = static_cast<uint8_t>(std::clamp(scaled, 0.0, 255.0));
  }
  return out;
}

std::vector<uint8_t> GreyMapping::render(const std::vector<float>& values, const VoiOption* voi,
                                         bool monochrome1) {
  std::vector<double> mapped;
  if (voi) {
    mapped = applyVoi(values, *voi);
  } else {
    mapped.assign(values.begin(), values.end());
  }
  if (monochrome1) invert(mapped);
  return minMaxTo8(mapped);
}

}  // namespace cxr::image
