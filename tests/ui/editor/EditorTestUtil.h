#pragma once

#include "core/format/LandmarkSet.h"
#include "ui/editor/PointerEvent.h"
#include "ui/editor/ViewTransform.h"

#include <QRectF>

#include <optional>
#include <string>
#include <vector>

namespace cxr::test {

/// Pointer event at an image position, its screen position derived through `view`.
editor::PointerEvent eventAtImage(const editor::ViewTransform& view, QPointF image,
                                  Qt::MouseButton button = Qt::LeftButton,
                                  Qt::KeyboardModifiers modifiers = Qt::NoModifier);
/// Pointer event at a screen position, its image position derived through `view`.
editor::PointerEvent eventAtScreen(const editor::ViewTransform& view, QPointF screen,
                                   Qt::MouseButton button = Qt::LeftButton,
                                   Qt::KeyboardModifiers modifiers = Qt::NoModifier);

/// A real released CheXmask row of the shared data, or nothing when the file is absent.
struct RealCase {
  format::LandmarkSet landmarks;
  int height = 0;
  int width = 0;
};
/// The row `imageId` of `csv` (relative to the shared data folder); nothing when the file is
/// absent; throws std::runtime_error when the file has no such row.
std::optional<RealCase> realCase(const std::string& csv, const std::string& imageId);

/// The NIH review case: chexmask/ChestX-Ray8.csv row 00001437_024.png.
inline constexpr const char* kRealCsv = "chexmask/ChestX-Ray8.csv";
inline constexpr const char* kRealId = "00001437_024.png";

}  // namespace cxr::test

namespace cxr::test {

/// A closed ring of `n` points tracing the rectangle [x0, x1] x [y0, y1] exactly: the four
/// corners plus evenly spaced points along each edge.
std::vector<format::Point> rectangleRing(double x0, double y0, double x1, double y1, int n);
/// A landmark set made of three rectangles (RL 44, LL 50, heart 26 points).
format::LandmarkSet rectangleLandmarks(const QRectF& rightLung, const QRectF& leftLung,
                                       const QRectF& heart);

}  // namespace cxr::test
