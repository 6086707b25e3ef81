#include "core/format/LandmarkSet.h"

#include "core/format/FormatError.h"

#include <cmath>

namespace cxr::format {

LandmarkSet LandmarkSet::fromFlat(const std::vector<double>& xy) {
  if (xy.size() != 2 * kLandmarkCount)
    throw FormatError("expected 240 landmark coordinates (120 points), got " +
                      std::to_string(xy.size()));
  LandmarkSet set;
  for (int i = 0; i < kLandmarkCount; ++i) set[i] = {xy[2 * size_t(i)], xy[2 * size_t(i) + 1]};
  return set;
}

LandmarkSet LandmarkSet::fromPoints(const std::vector<Point>& points) {
  if (points.size() != kLandmarkCount)
    throw FormatError("expected 120 landmarks, got " + std::to_string(points.size()));
  LandmarkSet set;
  for (int i = 0; i < kLandmarkCount; ++i) set[i] = points[size_t(i)];
  return set;
}

std::vector<Point> LandmarkSet::organ(Organ o) const {
  const OrganRange r = organRange(o);
  return {m_points.begin() + r.first, m_points.begin() + r.end()};
}

std::vector<double> LandmarkSet::flat() const {
  std::vector<double> xy;
  xy.reserve(2 * kLandmarkCount);
  for (const Point& p : m_points) {
    xy.push_back(p.x);
    xy.push_back(p.y);
  }
  return xy;
}

LandmarkSet LandmarkSet::rounded() const {
  LandmarkSet out;
  for (int i = 0; i < kLandmarkCount; ++i) out[i] = {std::nearbyint((*this)[i].x), std::nearbyint((*this)[i].y)};  // ties to even
  return out;
}

bool LandmarkSet::isIntegral() const {
  for (const Point& p : m_points)
    if (p.x != std::floor(p.x) || p.y != std::floor(p.y)) return false;
  return true;
}

LandmarkSet LandmarkSet::scaled(double factor) const {
  LandmarkSet out;
  for (int i = 0; i < kLandmarkCount; ++i) out[i] = {(*this)[i].x * factor, (*this)[i].y * factor};
  return out;
}

}  // namespace cxr::format
