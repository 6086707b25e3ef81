#include "ui/widgets/LandmarkOverlayItem.h"

#include "ui/editor/LandmarkEditModel.h"
#include "ui/editor/ViewTransform.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace cxr::widgets {

using format::Organ;

namespace {

constexpr uint8_t kSelected = 1;
constexpr uint8_t kHovered = 2;
// Selected and hovered handles are drawn this much larger than plain ones.
constexpr double kHighlightGrowth = 1.4;

QRectF around(QPointF p, double radius) {
  return QRectF(p.x() - radius, p.y() - radius, 2 * radius, 2 * radius);
}

}  // namespace

LandmarkOverlayItem::LandmarkOverlayItem(const editor::ViewTransform* transform)
    : m_transform(transform) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
}

void LandmarkOverlayItem::setModel(const editor::LandmarkEditModel* model) {
  m_model = model;
  viewChanged();
}

void LandmarkOverlayItem::setStyle(const editor::OverlayStyle& style) {
  m_style = style;
  update();
}

void LandmarkOverlayItem::setViewportSize(QSizeF size) {
  prepareGeometryChange();
  m_viewport = size;
}

QRectF LandmarkOverlayItem::boundingRect() const { return QRectF(QPointF(0, 0), m_viewport); }

void LandmarkOverlayItem::viewChanged() {
  m_snapshot = takeSnapshot();
  m_lastDirty = boundingRect();
  update();
}

LandmarkOverlayItem::Snapshot LandmarkOverlayItem::takeSnapshot() const {
  Snapshot s;
  if (!m_model || !m_transform) return s;
  const format::LandmarkSet& points = m_model->landmarks();
  for (int i = 0; i < format::kLandmarkCount; ++i)
    s.screen[size_t(i)] = m_transform->imageToScreen(QPointF(points[i].x, points[i].y));
  for (int i : m_model->selection()) s.flags[size_t(i)] |= kSelected;
  if (m_model->hoveredIndex() >= 0) s.flags[size_t(m_model->hoveredIndex())] |= kHovered;
  s.band = m_transform->imageToScreen(m_model->boxRect());
  s.valid = true;
  return s;
}

double LandmarkOverlayItem::margin() const {
  return m_style.handleSize / 2 * kHighlightGrowth + m_style.contourWidth + 3.0;
}

QRectF LandmarkOverlayItem::segmentsAround(const Snapshot& snapshot, int index) const {
  const auto [previous, next] = format::ringNeighbours(index);
  const QPointF a = snapshot.screen[size_t(previous)], b = snapshot.screen[size_t(index)],
                c = snapshot.screen[size_t(next)];
  const double x0 = std::min({a.x(), b.x(), c.x()}), x1 = std::max({a.x(), b.x(), c.x()});
  const double y0 = std::min({a.y(), b.y(), c.y()}), y1 = std::max({a.y(), b.y(), c.y()});
  // The two segments through the point, and with filled masks the triangle they span.
  return QRectF(QPointF(x0, y0), QPointF(x1, y1)).adjusted(-margin(), -margin(), margin(), margin());
}

void LandmarkOverlayItem::modelChanged() {
  const Snapshot next = takeSnapshot();
  if (!m_snapshot.valid || !next.valid) {
    m_snapshot = next;
    m_lastDirty = boundingRect();
    update();
    return;
  }
  QRectF dirty;
  for (int i = 0; i < format::kLandmarkCount; ++i) {
    const size_t k = size_t(i);
    if (next.screen[k] != m_snapshot.screen[k]) {
      dirty |= segmentsAround(m_snapshot, i);
      dirty |= segmentsAround(next, i);
    } else if (next.flags[k] != m_snapshot.flags[k]) {
      dirty |= around(next.screen[k], margin());
    }
  }
  if (next.band != m_snapshot.band) {
    if (!m_snapshot.band.isEmpty()) dirty |= m_snapshot.band.adjusted(-2, -2, 2, 2);
    if (!next.band.isEmpty()) dirty |= next.band.adjusted(-2, -2, 2, 2);
  }
  m_snapshot = next;
  m_lastDirty = dirty & boundingRect();
  if (!m_lastDirty.isEmpty()) update(m_lastDirty);
}

void LandmarkOverlayItem::paintOrgan(QPainter* painter, Organ organ) const {
  const format::OrganRange range = format::organRange(organ);
  QPolygonF polygon;
  polygon.reserve(range.count);
  const format::LandmarkSet& points = m_model->landmarks();
  for (int i = range.first; i < range.end(); ++i)
    polygon << m_transform->imageToScreen(QPointF(points[i].x, points[i].y));
  if (m_style.filledMasks) {
    // The translucent fill needs no antialiasing (the contour covers its edge), and the
    // aliased scan converter is several times faster on lung-sized polygons.
    QColor fill = m_style.colour(organ);
    fill.setAlphaF(float(std::clamp(m_style.fillOpacity, 0.0, 1.0)));
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawPolygon(polygon, Qt::OddEvenFill);
    painter->setRenderHint(QPainter::Antialiasing, true);
  }
  QColor line = m_style.colour(organ);
  line.setAlphaF(float(std::clamp(m_style.opacity, 0.0, 1.0)));
  QPen pen(line, m_style.contourWidth);
  pen.setJoinStyle(Qt::RoundJoin);
  painter->setPen(pen);
  painter->setBrush(Qt::NoBrush);
  painter->drawPolygon(polygon);
}

void LandmarkOverlayItem::paintHandles(QPainter* painter, const QRectF& exposed) const {
  const format::LandmarkSet& points = m_model->landmarks();
  const double radius = m_style.handleSize / 2;
  const float alpha = float(std::clamp(m_style.opacity, 0.0, 1.0));
  QColor outline(Qt::black);
  outline.setAlphaF(alpha);
  for (int i = 0; i < format::kLandmarkCount; ++i) {
    const Organ organ = format::organOfLandmark(i);
    if (!m_style.visible(organ)) continue;
    const QPointF p = m_transform->imageToScreen(QPointF(points[i].x, points[i].y));
    if (!exposed.intersects(around(p, radius * kHighlightGrowth + 2))) continue;
    const bool selected = m_model->isSelected(i), hovered = m_model->hoveredIndex() == i;
    QColor fill = selected ? m_style.selectionColour : m_style.colour(organ);
    fill.setAlphaF(alpha);
    const double r = (selected || hovered) ? radius * kHighlightGrowth : radius;
    painter->setPen(QPen(selected ? m_style.colour(organ) : (hovered ? QColor(Qt::white) : outline),
                         selected || hovered ? 2.0 : 1.0));
    painter->setBrush(fill);
    painter->drawEllipse(p, r, r);
  }
}

void LandmarkOverlayItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  if (!m_model || !m_transform) return;
  painter->setRenderHint(QPainter::Antialiasing, true);
  for (Organ organ : format::kOrgans)
    if (m_style.visible(organ)) paintOrgan(painter, organ);
  if (m_style.showHandles) paintHandles(painter, option->exposedRect);
  const QRectF band = m_transform->imageToScreen(m_model->boxRect());
  if (!band.isEmpty()) {
    QColor fill = m_style.selectionColour;
    fill.setAlpha(40);
    painter->setPen(QPen(m_style.selectionColour, 1.0, Qt::DashLine));
    painter->setBrush(fill);
    painter->drawRect(band);
  }
}

}  // namespace cxr::widgets
