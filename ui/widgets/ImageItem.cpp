#include "ui/widgets/ImageItem.h"

#include "ui/editor/ViewTransform.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>
#include <cstdint>

namespace cxr::widgets {

namespace {

// Smallest side worth a pyramid level.
constexpr int kMinLevelSide = 64;

// Each pixel the rounded mean of a 2 x 2 block (odd last row/column dropped).
QImage halve(const QImage& src) {
  const int w = src.width() / 2, h = src.height() / 2;
  QImage dst(w, h, QImage::Format_Grayscale8);
  for (int y = 0; y < h; ++y) {
    const uint8_t* a = src.constScanLine(2 * y);
    const uint8_t* b = src.constScanLine(2 * y + 1);
    uint8_t* out = dst.scanLine(y);
    for (int x = 0; x < w; ++x)
      out[x] = uint8_t((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4);
  }
  return dst;
}

}  // namespace

ImageItem::ImageItem(const editor::ViewTransform* transform) : m_transform(transform) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
}

void ImageItem::setImage(QImage image) {
  prepareGeometryChange();
  m_image = image.format() == QImage::Format_Grayscale8 || image.isNull()
                ? std::move(image)
                : image.convertToFormat(QImage::Format_Grayscale8);
  rebuildPyramid();
  m_cacheValid = false;
  update();
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

QRectF ImageItem::visibleRect() const {
  if (m_image.isNull() || !m_transform) return {};
  return m_transform->imageRectOnScreen(QSizeF(m_image.size())) & QRectF(QPointF(0, 0), m_viewport);
}

QRectF ImageItem::boundingRect() const { return visibleRect(); }

void ImageItem::rebuildPyramid() {
  m_levels.clear();
  const QImage* previous = &m_image;
  while (!previous->isNull() && previous->width() / 2 >= kMinLevelSide &&
         previous->height() / 2 >= kMinLevelSide) {
    m_levels.push_back(halve(*previous));
    previous = &m_levels.back();
  }
}

void ImageItem::rebuildCache() {
  m_cacheValid = true;
  m_cacheRect = visibleRect().toAlignedRect() & QRect(QPoint(0, 0), m_viewport.toSize());
  if (m_cacheRect.isEmpty()) {
    m_cache = QImage();
    return;
  }
  const double s = m_transform->scale();
  // Finest level whose resolution is still at least the screen's: reduce by at most 2x more.
  int level = 0;
  while (level < int(m_levels.size()) && s * double(1 << (level + 1)) <= 1.0) ++level;
  const QImage& source = level == 0 ? m_image : m_levels[size_t(level - 1)];
  const double levelScale = s * double(1 << level);
  // Level pixel u covers original pixels [2^level u, 2^level (u + 1)), whose left edge is at
  // image coordinate 2^level u - 0.5 (pixel centres sit on integers).
  const QPointF origin = m_transform->offset() - QPointF(0.5 * s, 0.5 * s) - QPointF(m_cacheRect.topLeft());
  m_cache = QImage(m_cacheRect.size(), QImage::Format_RGB32);
  m_cache.fill(Qt::black);
  QPainter p(&m_cache);
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  p.setTransform(QTransform(levelScale, 0, 0, levelScale, origin.x(), origin.y()));
  p.drawImage(QPointF(0, 0), source);
}

void ImageItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  if (m_image.isNull()) return;
  if (!m_cacheValid) rebuildCache();
  if (m_cache.isNull()) return;
  const QRect target = option->exposedRect.toAlignedRect() & m_cacheRect;
  if (target.isEmpty()) return;
  painter->drawImage(target.topLeft(), m_cache, target.translated(-m_cacheRect.topLeft()));
}

}  // namespace cxr::widgets
