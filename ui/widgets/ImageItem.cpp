#include "ui/widgets/ImageItem.h"

#include "ui/editor/ViewTransform.h"
#include "ui/editor/WindowLevelModel.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace cxr::widgets {

namespace {

// Smallest side worth a pyramid level.
constexpr int kMinLevelSide = 64;

// Each value the mean of a 2 x 2 block (an odd last row/column is dropped).
void halve(const float* src, int width, int height, std::vector<float>& dst, int& outWidth,
           int& outHeight) {
  outWidth = width / 2;
  outHeight = height / 2;
  dst.resize(size_t(outWidth) * size_t(outHeight));
  for (int y = 0; y < outHeight; ++y) {
    const float* a = src + size_t(2 * y) * size_t(width);
    const float* b = a + width;
    float* out = dst.data() + size_t(y) * size_t(outWidth);
    for (int x = 0; x < outWidth; ++x)
      out[x] = 0.25f * ((a[2 * x] + a[2 * x + 1]) + (b[2 * x] + b[2 * x + 1]));
  }
}

}  // namespace

ImageItem::ImageItem(const editor::ViewTransform* transform, const editor::WindowLevelModel* window)
    : m_transform(transform), m_window(window) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
}

void ImageItem::setImage(std::shared_ptr<const std::vector<float>> pixels, int width, int height) {
  prepareGeometryChange();
  m_pixels = std::move(pixels);
  m_width = m_pixels ? width : 0;
  m_height = m_pixels ? height : 0;
  m_levels.clear();
  const float* source = m_pixels ? m_pixels->data() : nullptr;
  int w = m_width, h = m_height;
  while (source && w / 2 >= kMinLevelSide && h / 2 >= kMinLevelSide) {
    Level level;
    halve(source, w, h, level.pixels, level.width, level.height);
    m_levels.push_back(std::move(level));
    source = m_levels.back().pixels.data();
    w = m_levels.back().width;
    h = m_levels.back().height;
  }
  m_cacheValid = false;
  update();
}

QImage ImageItem::displayImage() const {
  return m_pixels ? m_window->render(m_pixels->data(), m_width, m_height) : QImage();
}

void ImageItem::setViewportSize(QSizeF size) {
  prepareGeometryChange();
  m_viewport = size;
  m_cacheValid = false;
}

void ImageItem::viewChanged() {
  prepareGeometryChange();
  m_cacheValid = false;
  update();
}

void ImageItem::windowChanged() {
  for (Level& level : m_levels) level.windowed = QImage();
  m_cacheValid = false;
  update();
}

QRectF ImageItem::visibleRect() const {
  if (!m_pixels || !m_transform) return {};
  return m_transform->imageRectOnScreen(QSizeF(m_width, m_height)) & QRectF(QPointF(0, 0), m_viewport);
}

QRectF ImageItem::boundingRect() const { return visibleRect(); }

void ImageItem::rebuildCache() {
  m_cacheValid = true;
  m_cacheRect = visibleRect().toAlignedRect() & QRect(QPoint(0, 0), m_viewport.toSize());
  if (m_cacheRect.isEmpty()) {
    m_cache = QImage();
    return;
  }
  // Coarsest level still at least the screen's resolution: reduce by at most 2x more.
  const double s = m_transform->scale();
  int level = 0;
  while (level < int(m_levels.size()) && s * double(1 << (level + 1)) <= 1.0) ++level;
  m_cache = QImage(m_cacheRect.size(), QImage::Format_RGB32);
  m_cache.fill(Qt::black);
  QPainter painter(&m_cache);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
  painter.translate(-QPointF(m_cacheRect.topLeft()));
  if (level == 0) drawVisibleOriginal(painter);
  else drawLevel(painter, level);
}

void ImageItem::drawLevel(QPainter& painter, int level) {
  Level& l = m_levels[size_t(level - 1)];
  // RGB32 sources take the raster engine's fast bilinear path (grey ones a generic one).
  if (l.windowed.isNull())
    l.windowed = m_window->render(l.pixels.data(), l.width, l.height).convertToFormat(QImage::Format_RGB32);
  // Level pixel u covers original pixels [2^level u, 2^level (u + 1)), whose left edge lies at
  // image coordinate 2^level u - 0.5 (pixel centres sit on integers).
  const double s = m_transform->scale(), levelScale = s * double(1 << level);
  const QPointF origin = m_transform->imageToScreen(QPointF(-0.5, -0.5));
  painter.setTransform(QTransform(levelScale, 0, 0, levelScale, origin.x(), origin.y()), true);
  painter.drawImage(QPointF(0, 0), l.windowed);
}

void ImageItem::drawVisibleOriginal(QPainter& painter) {
  // Window only the pixels on screen, plus one on each side for the bilinear filter.
  const QRectF image = m_transform->screenToImage(QRectF(m_cacheRect));
  const int x0 = std::max(0, int(std::floor(image.left() + 0.5)) - 1);
  const int y0 = std::max(0, int(std::floor(image.top() + 0.5)) - 1);
  const int x1 = std::min(m_width, int(std::ceil(image.right() + 0.5)) + 1);
  const int y1 = std::min(m_height, int(std::ceil(image.bottom() + 0.5)) + 1);
  if (x1 <= x0 || y1 <= y0) return;
  const QImage part = m_window->render(m_pixels->data() + size_t(y0) * size_t(m_width) + size_t(x0),
                                       x1 - x0, y1 - y0, m_width)
                          .convertToFormat(QImage::Format_RGB32);
  const double s = m_transform->scale();
  const QPointF origin = m_transform->imageToScreen(QPointF(x0 - 0.5, y0 - 0.5));
  painter.setTransform(QTransform(s, 0, 0, s, origin.x(), origin.y()), true);
  painter.drawImage(QPointF(0, 0), part);
}

void ImageItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  if (!m_pixels) return;
  if (!m_cacheValid) rebuildCache();
  if (m_cache.isNull()) return;
  const QRect target = option->exposedRect.toAlignedRect() & m_cacheRect;
  if (target.isEmpty()) return;
  painter->drawImage(target.topLeft(), m_cache, target.translated(-m_cacheRect.topLeft()));
}

}  // namespace cxr::widgets
