#pragma once

namespace cxr::format {

/// A landmark position: x = column, y = row, in pixels of some image space.
struct Point {
  double x = 0.0;
  double y = 0.0;
  bool operator==(const Point& o) const { return x == o.x && y == o.y; }
  bool operator!=(const Point& o) const { return !(*this == o); }
};

}  // namespace cxr::format
