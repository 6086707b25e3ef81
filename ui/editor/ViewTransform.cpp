#include "ui/editor/ViewTransform.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cxr::editor {

QRectF ViewTransform::imageToScreen(const QRectF& image) const {
  return QRectF(imageToScreen(image.topLeft()), image.size() * m_scale);
}

QRectF ViewTransform::screenToImage(const QRectF& screen) const {
  return QRectF(screenToImage(screen.topLeft()), screen.size() / m_scale);
}

QRectF ViewTransform::imageRectOnScreen(QSizeF imageSize) const {
  return imageToScreen(QRectF(QPointF(-0.5, -0.5), imageSize));
}

void ViewTransform::zoomAt(QPointF screenPos, double factor) {
  if (!(factor > 0.0) || !std::isfinite(factor)) return;
  const QPointF anchor = screenToImage(screenPos);
  m_scale = clampScale(m_scale * factor);
  m_offset = screenPos - anchor * m_scale;
}

void ViewTransform::pan(QPointF screenDelta) { m_offset += screenDelta; }

void ViewTransform::fit(QSizeF viewport, QSizeF image) {
  if (image.width() <= 0 || image.height() <= 0 || viewport.width() <= 0 || viewport.height() <= 0)
    return;
  m_scale = std::min(viewport.width() / image.width(), viewport.height() / image.height());
  m_scale = std::min(m_scale, m_maxScale);
  const QPointF imageCenter(image.width() / 2.0 - 0.5, image.height() / 2.0 - 0.5);
  m_offset = QPointF(viewport.width() / 2.0, viewport.height() / 2.0) - imageCenter * m_scale;
}

void ViewTransform::oneToOne(QSizeF viewport, QPointF imageCenter) {
  m_scale = clampScale(1.0);
  m_offset = QPointF(viewport.width() / 2.0, viewport.height() / 2.0) - imageCenter * m_scale;
}

void ViewTransform::set(double scale, QPointF offset) {
  m_scale = clampScale(scale);
  m_offset = offset;
}

void ViewTransform::setZoomLimits(double minScale, double maxScale) {
  if (!(minScale > 0.0) || !(maxScale >= minScale))
    throw std::invalid_argument("ViewTransform: zoom limits need 0 < min <= max");
  m_minScale = minScale;
  m_maxScale = maxScale;
  m_scale = clampScale(m_scale);
}

double ViewTransform::clampScale(double scale) const {
  return std::clamp(scale, m_minScale, m_maxScale);
}

}  // namespace cxr::editor
