#include "core/format/Rasterizer.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cxr::format {

namespace {

// The release converts landmark arrays with astype(int): truncation toward zero.
std::vector<cv::Point> toIntPolygon(const std::vector<Point>& polygon) {
  std::vector<cv::Point> pts;
  pts.reserve(polygon.size());
  // Truncation as the release; absurd values (which readers refuse) are clamped first so the
  // cast is always defined (a double beyond int's range cast to int is undefined behaviour).
  const auto toInt = [](double v) { return static_cast<int>(std::isnan(v) ? 0.0 : std::clamp(v, -1e7, 1e7)); };
  for (const Point& p : polygon) pts.emplace_back(toInt(p.x), toInt(p.y));
  return pts;
}

void fillInto(cv::Mat& canvas, const std::vector<Point>& polygon, int value) {
  const std::vector<std::vector<cv::Point>> contours{toIntPolygon(polygon)};
  cv::drawContours(canvas, contours, -1, cv::Scalar(value), cv::FILLED);
}

}  // namespace

Mask Rasterizer::fillPolygon(const std::vector<Point>& polygon, int height, int width) {
  Mask mask(height, width);
  if (polygon.empty()) return mask;
  cv::Mat canvas(height, width, CV_8UC1, mask.data());
  fillInto(canvas, polygon, 255);
  return mask;
}

Mask Rasterizer::organMask(const LandmarkSet& landmarks, Organ organ, int height, int width) {
  return fillPolygon(landmarks.organ(organ), height, width);
}

std::vector<uint8_t> Rasterizer::labelMap(const LandmarkSet& landmarks, int height, int width) {
  std::vector<uint8_t> labels(size_t(height) * size_t(width), 0);
  cv::Mat canvas(height, width, CV_8UC1, labels.data());
  fillInto(canvas, landmarks.organ(Organ::RightLung), 1);
  fillInto(canvas, landmarks.organ(Organ::LeftLung), 1);
  fillInto(canvas, landmarks.organ(Organ::Heart), 2);
  return labels;
}

}  // namespace cxr::format
