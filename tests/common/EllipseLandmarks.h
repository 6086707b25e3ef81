#pragma once

#include "core/format/LandmarkSet.h"

#include <cmath>
#include <vector>

namespace cxr::test {

/// A plausible integer landmark set without shared data: three ellipse rings (RL 44, LL 50,
/// heart 26) in the 1024 space, shifted right by `dx`. Used by tests and benchmarks.
inline format::LandmarkSet ellipseLandmarks(double dx = 0) {
  std::vector<double> xy;
  auto ring = [&](double cx, double cy, double rx, double ry, int n) {
    for (int i = 0; i < n; ++i) {
      xy.push_back(std::round(cx + dx + rx * std::cos(2 * M_PI * i / n)));
      xy.push_back(std::round(cy + ry * std::sin(2 * M_PI * i / n)));
    }
  };
  ring(300, 500, 120, 300, 44);
  ring(720, 500, 130, 310, 50);
  ring(540, 650, 150, 120, 26);
  return format::LandmarkSet::fromFlat(xy);
}

}  // namespace cxr::test
