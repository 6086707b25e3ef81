#pragma once

#include "core/format/OrganLayout.h"
#include "core/format/Point.h"

#include <array>
#include <string>
#include <vector>

namespace cxr::format {

/// The 120 landmarks of one segmentation (RL 44, LL 50, H 26), in one image space.
class LandmarkSet {
 public:
  /// All points at (0, 0).
  LandmarkSet() = default;
  /// From 240 coordinates x0,y0,x1,y1,...; throws FormatError naming the count otherwise.
  static LandmarkSet fromFlat(const std::vector<double>& xy);
  /// From 120 points; throws FormatError otherwise.
  static LandmarkSet fromPoints(const std::vector<Point>& points);

  const Point& operator[](int index) const { return m_points[static_cast<size_t>(index)]; }
  Point& operator[](int index) { return m_points[static_cast<size_t>(index)]; }
  static constexpr int size() { return kLandmarkCount; }

  /// The points of one organ, in ring order.
  std::vector<Point> organ(Organ organ) const;
  /// 240 coordinates x0,y0,x1,y1,...
  std::vector<double> flat() const;
  /// Each coordinate rounded half to even, as numpy.round / Python round (the release's rounding).
  LandmarkSet rounded() const;
  /// True when every coordinate is an integer.
  bool isIntegral() const;
  /// Every point multiplied by `factor` (e.g. [0,1] model output * 1024).
  LandmarkSet scaled(double factor) const;

  bool operator==(const LandmarkSet& o) const { return m_points == o.m_points; }
  bool operator!=(const LandmarkSet& o) const { return !(*this == o); }

 private:
  std::array<Point, kLandmarkCount> m_points{};
};

}  // namespace cxr::format
