#include "ui/widgets/ComparisonOverlayItem.h"

#include "ui/editor/ViewTransform.h"

#include <QFontMetricsF>
#include <QPainter>

#include <utility>
#include <vector>

namespace cxr::widgets {

ComparisonOverlayItem::ComparisonOverlayItem(const editor::ViewTransform* transform)
    : m_transform(transform) {}

void ComparisonOverlayItem::setLandmarks(std::optional<format::LandmarkSet> landmarks, QString label) {
  m_landmarks = std::move(landmarks);
  m_label = std::move(label);
  update();
}

void ComparisonOverlayItem::setStyle(const editor::OverlayStyle& style) {
  m_style = style;
  update();
}

void ComparisonOverlayItem::setViewportSize(QSizeF size) {
  prepareGeometryChange();
  m_viewport = size;
}

QRectF ComparisonOverlayItem::boundingRect() const { return QRectF(QPointF(0, 0), m_viewport); }

void ComparisonOverlayItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  if (!m_landmarks || !m_transform || !m_style.showComparison) return;
  painter->setRenderHint(QPainter::Antialiasing, true);
  QPen pen(m_style.comparisonColour, m_style.contourWidth, Qt::DashLine);
  pen.setCosmetic(true);
  // A dark halo under the dashes keeps the yellow legible over bright bone and mediastinum.
  QPen halo(QColor(0, 0, 0, 110), m_style.contourWidth + 1.5, Qt::SolidLine);
  halo.setCosmetic(true);
  painter->setBrush(Qt::NoBrush);
  std::vector<QPolygonF> polygons;
  for (format::Organ organ : format::kOrgans) {
    if (!m_style.visible(organ)) continue;
    QPolygonF polygon;
    for (const format::Point& p : m_landmarks->organ(organ))
      polygon << m_transform->imageToScreen(QPointF(p.x, p.y));
    polygons.push_back(polygon);
  }
  for (const QPen& p : {halo, pen}) {
    painter->setPen(p);
    for (const QPolygonF& polygon : polygons) painter->drawPolygon(polygon);
  }
  if (m_label.isEmpty()) return;
  // Legend: a dashed sample and the label, top-left, on a dark backing for contrast.
  const QFontMetricsF metrics(painter->font());
  const QRectF box(8, 8, 36 + metrics.horizontalAdvance(m_label) + 8, metrics.height() + 8);
  painter->setPen(Qt::NoPen);
  painter->setBrush(QColor(0, 0, 0, 160));
  painter->drawRect(box);
  painter->setPen(pen);
  const double midY = box.center().y();
  painter->drawLine(QPointF(box.left() + 6, midY), QPointF(box.left() + 30, midY));
  painter->setPen(m_style.comparisonColour);
  painter->drawText(QRectF(box.left() + 36, box.top(), box.width() - 36, box.height()),
                    Qt::AlignVCenter | Qt::AlignLeft, m_label);
}

}  // namespace cxr::widgets
