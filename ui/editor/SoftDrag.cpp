#include "ui/editor/SoftDrag.h"

#include "core/format/OrganLayout.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cxr::editor {

double softDragFalloff(int ringDistance, int radius) {
  const int d = std::abs(ringDistance);
  if (radius < 0 || d > radius) return 0.0;
  return 0.5 * (1.0 + std::cos(M_PI * double(d) / double(radius + 1)));
}

std::vector<std::pair<int, double>> softDragWeights(int index, int radius) {
  if (index < 0 || index >= format::kLandmarkCount) return {};
  const format::OrganRange ring = format::organRange(format::organOfLandmark(index));
  std::vector<std::pair<int, double>> out{{index, 1.0}};
  const int local = index - ring.first;
  for (int other = 0; other < ring.count; ++other) {
    if (other == local) continue;
    const int step = std::abs(other - local);
    const int distance = std::min(step, ring.count - step);
    const double w = softDragFalloff(distance, radius);
    if (w > 0.0) out.emplace_back(ring.first + other, w);
  }
  return out;
}

}  // namespace cxr::editor
