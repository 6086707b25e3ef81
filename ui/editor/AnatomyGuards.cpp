#include "ui/editor/AnatomyGuards.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace cxr::editor {

using format::Organ;
using format::Point;

namespace {

constexpr int kOverlapGrid = 128;

double cross(const Point& o, const Point& a, const Point& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Strict crossing: each segment's endpoints lie strictly on opposite sides of the other.
bool properlyCross(const Point& a, const Point& b, const Point& c, const Point& d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

// Sorted x of the polygon's edge crossings with the horizontal line at y (half-open rule: an
// edge counts when exactly one end lies above y, so vertices are never counted twice).
std::vector<double> rowCrossings(const std::vector<Point>& polygon, double y) {
  std::vector<double> xs;
  const size_t n = polygon.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = polygon[i];
    const Point& b = polygon[j];
    if ((a.y > y) != (b.y > y)) xs.push_back((b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x);
  }
  std::sort(xs.begin(), xs.end());
  return xs;
}

// Even-odd rule: inside when an odd number of crossings lie to the right of x.
bool insideRow(const std::vector<double>& crossings, double x) {
  const auto right = crossings.end() - std::upper_bound(crossings.begin(), crossings.end(), x);
  return right % 2 == 1;
}

std::string organLabel(Organ organ) {
  switch (organ) {
    case Organ::RightLung: return "Right lung";
    case Organ::LeftLung: return "Left lung";
    case Organ::Heart: return "Heart";
  }
  return "";
}

std::string lowerFirst(std::string s) {
  if (!s.empty()) s[0] = char(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

double centroidX(const std::vector<Point>& points) {
  double sum = 0;
  for (const Point& p : points) sum += p.x;
  return points.empty() ? 0.0 : sum / double(points.size());
}

}  // namespace

std::vector<std::pair<int, int>> AnatomyGuards::selfIntersections(const std::vector<Point>& ring) {
  std::vector<std::pair<int, int>> out;
  const int n = int(ring.size());
  if (n < 4) return out;
  for (int i = 0; i < n; ++i)
    for (int j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;  // adjacent through the wrap
      if (properlyCross(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n])) out.emplace_back(i, j);
    }
  return out;
}

double AnatomyGuards::heartOverlapFraction(const format::LandmarkSet& landmarks, Organ lung) {
  const std::vector<Point> heart = landmarks.organ(Organ::Heart);
  const std::vector<Point> lungRing = landmarks.organ(lung);
  double x0 = heart[0].x, x1 = x0, y0 = heart[0].y, y1 = y0;
  for (const Point& p : heart) {
    x0 = std::min(x0, p.x);
    x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y);
    y1 = std::max(y1, p.y);
  }
  if (!(x1 > x0) || !(y1 > y0)) return 0.0;
  long inHeart = 0, inBoth = 0;
  for (int gy = 0; gy < kOverlapGrid; ++gy) {
    const double y = y0 + (gy + 0.5) * (y1 - y0) / kOverlapGrid;
    const std::vector<double> heartRow = rowCrossings(heart, y), lungRow = rowCrossings(lungRing, y);
    for (int gx = 0; gx < kOverlapGrid; ++gx) {
      const double x = x0 + (gx + 0.5) * (x1 - x0) / kOverlapGrid;
      if (!insideRow(heartRow, x)) continue;
      ++inHeart;
      if (insideRow(lungRow, x)) ++inBoth;
    }
  }
  return inHeart == 0 ? 0.0 : double(inBoth) / double(inHeart);
}

bool AnatomyGuards::leftRightSwapped(const format::LandmarkSet& landmarks) {
  return centroidX(landmarks.organ(Organ::RightLung)) > centroidX(landmarks.organ(Organ::LeftLung));
}

std::vector<AnatomyWarning> AnatomyGuards::check(const format::LandmarkSet& landmarks,
                                                 const AnatomyGuardOptions& options) {
  std::vector<AnatomyWarning> warnings;
  for (Organ organ : format::kOrgans) {
    const auto crossings = selfIntersections(landmarks.organ(organ));
    if (crossings.empty()) continue;
    const int first = format::organRange(organ).first, n = format::organRange(organ).count;
    const auto [i, j] = crossings.front();
    warnings.push_back({AnatomyWarning::Kind::SelfIntersection,
                        organLabel(organ) + " contour crosses itself (segment " +
                            std::to_string(first + i) + "-" + std::to_string(first + (i + 1) % n) +
                            " crosses " + std::to_string(first + j) + "-" +
                            std::to_string(first + (j + 1) % n) + ", " +
                            std::to_string(crossings.size()) + " crossing(s))"});
  }
  for (Organ lung : {Organ::RightLung, Organ::LeftLung}) {
    const double fraction = heartOverlapFraction(landmarks, lung);
    if (fraction <= options.maxHeartLungOverlap) continue;
    warnings.push_back({AnatomyWarning::Kind::HeartLungOverlap,
                        "Heart overlaps the " + lowerFirst(organLabel(lung)) + " by " +
                            std::to_string(int(std::lround(fraction * 100))) +
                            "% of its area (more than " +
                            std::to_string(int(std::lround(options.maxHeartLungOverlap * 100))) + "%)"});
  }
  if (leftRightSwapped(landmarks))
    warnings.push_back({AnatomyWarning::Kind::LeftRightSwapped,
                        "Right and left lung look swapped: the right lung lies right of the left "
                        "lung in the image (in a PA view the patient's right is on the image's left)"});
  return warnings;
}

}  // namespace cxr::editor
