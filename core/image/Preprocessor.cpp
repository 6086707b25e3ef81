#include "core/image/Preprocessor.h"

#include <opencv2/imgproc.hpp>

#include <stdexcept>
#include <string>

namespace cxr::image {

void Preprocessor::findBlackBorders(const uint8_t* grey8, int height, int width,
                                    PreprocessRecord& record) {
  int top = height, bottom = -1, left = width, right = -1;
  for (int y = 0; y < height; ++y) {
    const uint8_t* row = grey8 + size_t(y) * size_t(width);
    int first = -1, last = -1;
    for (int x = 0; x < width; ++x)
      if (row[x] > 1) {
        if (first < 0) first = x;
        last = x;
      }
    if (first < 0) continue;
    top = std::min(top, y);
    bottom = y;
    left = std::min(left, first);
    right = std::max(right, last);
  }
  if (bottom < 0) {  // all black: nothing to keep, so keep everything
    record.cropLeft = record.cropTop = record.cropRight = record.cropBottom = 0;
    return;
  }
  record.cropLeft = left;
  record.cropTop = top;
  record.cropRight = width - 1 - right;
  record.cropBottom = height - 1 - bottom;
}

PreprocessedImage Preprocessor::toModelSpace(const uint8_t* grey8, int height, int width,
                                             int size, bool cropBlackBorders) {
  if (!grey8 || height <= 0 || width <= 0 || size <= 0)
    throw std::invalid_argument("Preprocessor: invalid image " + std::to_string(width) + " x " +
                                std::to_string(height) + " or model size " +
                                std::to_string(size));
  PreprocessedImage out;
  PreprocessRecord& r = out.record;
  r.originalHeight = height;
  r.originalWidth = width;
  r.modelSize = size;
  if (cropBlackBorders) findBlackBorders(grey8, height, width, r);
  const int h = height - r.cropTop - r.cropBottom;
  const int w = width - r.cropLeft - r.cropRight;
  r.squareSide = std::max(h, w);
  r.padTop = (r.squareSide - h) / 2;
  r.padLeft = (r.squareSide - w) / 2;

  const cv::Mat source(height, width, CV_8UC1, const_cast<uint8_t*>(grey8));
  cv::Mat square = cv::Mat::zeros(r.squareSide, r.squareSide, CV_8UC1);
  source(cv::Rect(r.cropLeft, r.cropTop, w, h)).copyTo(square(cv::Rect(r.padLeft, r.padTop, w, h)));
  out.size = size;
  out.pixels.resize(size_t(size) * size_t(size));
  cv::Mat target(size, size, CV_8UC1, out.pixels.data());
  if (r.squareSide == size)
    square.copyTo(target);
  else
    cv::resize(square, target, cv::Size(size, size), 0, 0, cv::INTER_LINEAR);
  return out;
}

}  // namespace cxr::image
