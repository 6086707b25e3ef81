#include "core/image/OverlayRenderer.h"

#include "core/format/Rasterizer.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace cxr::image {

namespace {

// BGR-free: the canvas is RGB, so colours are given as (R, G, B).
cv::Scalar organColour(format::Organ organ) {
  switch (organ) {
    case format::Organ::RightLung: return {60, 140, 255};
    case format::Organ::LeftLung: return {60, 220, 90};
    case format::Organ::Heart: break;
  }
  return {255, 70, 70};
}

}  // namespace

std::vector<uint8_t> OverlayRenderer::render(const uint8_t* grey8, int width, int height,
                                             const format::LandmarkSet& landmarks, const Options& options) {
  std::vector<uint8_t> rgb(size_t(width) * size_t(height) * 3);
  cv::Mat canvas(height, width, CV_8UC3, rgb.data());
  cv::cvtColor(cv::Mat(height, width, CV_8UC1, const_cast<uint8_t*>(grey8)), canvas, cv::COLOR_GRAY2RGB);
  // Line widths scale with the image so a 3000 px DICOM and a 256 px thumbnail both read well.
  const int thickness = std::max(1, int(std::lround(std::max(width, height) / 400.0)));
  for (format::Organ organ : format::kOrgans) {
    const cv::Scalar colour = organColour(organ);
    if (options.fillOpacity > 0) {
      const format::Mask mask = format::Rasterizer::organMask(landmarks, organ, height, width);
      const double a = options.fillOpacity;
      for (size_t i = 0; i < mask.pixels().size(); ++i) {
        if (!mask.pixels()[i]) continue;
        for (int c = 0; c < 3; ++c)
          rgb[3 * i + size_t(c)] = uint8_t(std::lround((1 - a) * rgb[3 * i + size_t(c)] + a * colour[c]));
      }
    }
    std::vector<cv::Point> ring;
    for (const format::Point& p : landmarks.organ(organ)) ring.emplace_back(int(std::lround(p.x)), int(std::lround(p.y)));
    cv::polylines(canvas, std::vector<std::vector<cv::Point>>{ring}, true, colour, thickness, cv::LINE_AA);
    if (options.drawLandmarks)
      for (const cv::Point& p : ring) cv::circle(canvas, p, thickness + 1, cv::Scalar(255, 255, 0), cv::FILLED, cv::LINE_AA);
  }
  return rgb;
}

}  // namespace cxr::image
