#include "tests/ui/editor/EditorTestUtil.h"

#include "core/format/CheXmaskCsvReader.h"
#include "tests/common/SharedData.h"

#include <filesystem>
#include <stdexcept>

namespace cxr::test {

editor::PointerEvent eventAtImage(const editor::ViewTransform& view, QPointF image,
                                  Qt::MouseButton button, Qt::KeyboardModifiers modifiers) {
  return {image, view.imageToScreen(image), button, modifiers};
}

editor::PointerEvent eventAtScreen(const editor::ViewTransform& view, QPointF screen,
                                   Qt::MouseButton button, Qt::KeyboardModifiers modifiers) {
  return {view.screenToImage(screen), screen, button, modifiers};
}

std::optional<RealCase> realCase(const std::string& csv, const std::string& imageId) {
  const std::filesystem::path path = sharedData(csv);
  if (!std::filesystem::exists(path)) return std::nullopt;
  format::CheXmaskCsvReader reader(path.string());
  format::CheXmaskRow row;
  while (reader.next(row))
    if (row.imageId == imageId) return RealCase{row.landmarks, row.height, row.width};
  throw std::runtime_error(path.string() + ": no row for " + imageId);
}

}  // namespace cxr::test

namespace cxr::test {

std::vector<format::Point> rectangleRing(double x0, double y0, double x1, double y1, int n) {
  const format::Point corners[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
  std::vector<format::Point> ring;
  for (int e = 0; e < 4; ++e) {
    const int m = n / 4 + (e < n % 4 ? 1 : 0);
    const format::Point a = corners[e], b = corners[(e + 1) % 4];
    for (int j = 0; j < m; ++j)
      ring.push_back({a.x + (b.x - a.x) * j / m, a.y + (b.y - a.y) * j / m});
  }
  return ring;
}

format::LandmarkSet rectangleLandmarks(const QRectF& rightLung, const QRectF& leftLung,
                                       const QRectF& heart) {
  std::vector<format::Point> points;
  const std::pair<QRectF, int> parts[3] = {{rightLung, 44}, {leftLung, 50}, {heart, 26}};
  for (const auto& [r, n] : parts)
    for (const format::Point& p : rectangleRing(r.left(), r.top(), r.right(), r.bottom(), n))
      points.push_back(p);
  return format::LandmarkSet::fromPoints(points);
}

}  // namespace cxr::test
