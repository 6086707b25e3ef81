#include "ui/widgets/ImageView.h"

#include "ui/editor/LandmarkEditModel.h"
#include "ui/editor/PointerEvent.h"

#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <cmath>

namespace cxr::widgets {

ImageView::ImageView(QWidget* parent) : QGraphicsView(parent) {
  setScene(new QGraphicsScene(this));
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
  setCacheMode(QGraphicsView::CacheNone);
  setMouseTracking(true);
  viewport()->setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setFrameShape(QFrame::NoFrame);
  setBackgroundBrush(QColor(16, 16, 16));
  m_windowLevel.changed.connect([this] { renderImage(); });
}

ImageView::~ImageView() {
  if (m_model && m_modelSlot >= 0) m_model->changed.disconnect(m_modelSlot);
}

void ImageView::setImage(std::shared_ptr<const std::vector<float>> pixels, int width, int height, float min,
                         float max, bool monochrome1, std::optional<std::pair<double, double>> defaultWindow) {
  m_pixels = std::move(pixels);
  m_width = width;
  m_height = height;
  m_windowLevel.reset(min, max < min ? min : max, defaultWindow, monochrome1);  // renders
  fitToWindow();
}

void ImageView::clearImage(int width, int height) {
  m_pixels.reset();
  m_width = width;
  m_height = height;
  m_display = QImage();
  m_scaledValid = false;
  fitToWindow();
}

void ImageView::setEditModel(editor::LandmarkEditModel* model) {
  if (m_model && m_modelSlot >= 0) m_model->changed.disconnect(m_modelSlot);
  m_model = model;
  if (m_model) {
    m_model->setViewTransform(&m_transform);
    m_modelSlot = m_model->changed.connect([this] { viewport()->update(); });
  }
}

void ImageView::setComparison(std::optional<format::LandmarkSet> landmarks, const QString& label) {
  m_comparison = std::move(landmarks);
  m_comparisonLabel = label;
  viewport()->update();
}

void ImageView::setOverlayStyle(const editor::OverlayStyle& style) {
  m_style = style;
  if (m_model)
    for (const auto organ : format::kOrgans) m_model->setOrganInteractive(organ, style.visible(organ));
  viewport()->update();
}

void ImageView::renderImage() {
  if (m_pixels && m_width > 0 && m_height > 0 && m_pixels->size() >= size_t(m_width) * size_t(m_height))
    m_display = m_windowLevel.render(m_pixels->data(), m_width, m_height);
  m_scaledValid = false;
  viewport()->update();
}

void ImageView::transformChanged() {
  m_scaledValid = false;
  viewport()->update();
  Q_EMIT viewChanged();
}

void ImageView::fitToWindow() {
  if (m_width > 0 && m_height > 0) m_transform.fit(QSizeF(viewport()->size()), QSizeF(m_width, m_height));
  transformChanged();
}

void ImageView::zoomOneToOne() {
  m_transform.oneToOne(QSizeF(viewport()->size()), m_transform.screenToImage(QPointF(viewport()->rect().center())));
  transformChanged();
}

void ImageView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  fitToWindow();
}

// The image scaled once per zoom/pan/window change, clipped to the viewport: a drag frame then
// costs one blit plus the contours, whatever the image size.
void ImageView::updateScaledCache() {
  m_scaledValid = true;
  m_scaled = QPixmap();
  if (m_display.isNull()) return;
  const QRectF onScreen = m_transform.imageRectOnScreen(QSizeF(m_width, m_height));
  const QRectF visible = onScreen.intersected(QRectF(viewport()->rect()));
  if (visible.isEmpty()) return;
  const QRectF source = m_transform.screenToImage(visible);
  const QRect src = source.toAlignedRect().intersected(m_display.rect());
  const QRectF target = m_transform.imageToScreen(QRectF(src));
  const QSize size = target.size().toSize().expandedTo(QSize(1, 1));
  const Qt::TransformationMode mode = m_transform.scale() < 1.0 ? Qt::SmoothTransformation : Qt::FastTransformation;
  m_scaled = QPixmap::fromImage(m_display.copy(src).scaled(size, Qt::IgnoreAspectRatio, mode));
  m_scaledOrigin = target.topLeft();
}

void ImageView::drawBackground(QPainter* painter, const QRectF&) {
  painter->save();
  painter->resetTransform();
  painter->fillRect(viewport()->rect(), backgroundBrush());
  if (!m_scaledValid) updateScaledCache();
  if (!m_scaled.isNull()) painter->drawPixmap(m_scaledOrigin, m_scaled);
  else if (m_width > 0) painter->fillRect(m_transform.imageRectOnScreen(QSizeF(m_width, m_height)), QColor(40, 40, 40));
  painter->restore();
}

void ImageView::drawLandmarks(QPainter& p, const format::LandmarkSet& lm, bool comparison) const {
  for (const auto organ : format::kOrgans) {
    if (!m_style.visible(organ)) continue;
    const auto range = format::organRange(organ);
    QPolygonF ring;
    for (int i = range.first; i < range.end(); ++i) ring << m_transform.imageToScreen(QPointF(lm[i].x, lm[i].y));
    QColor colour = comparison ? m_style.comparisonColour : m_style.colour(organ);
    colour.setAlphaF(m_style.opacity);
    if (m_style.filledMasks && !comparison) {
      QColor fill = m_style.colour(organ);
      fill.setAlphaF(m_style.fillOpacity);
      p.setPen(Qt::NoPen);
      p.setBrush(fill);
      p.drawPolygon(ring);
    }
    QPen pen(colour, m_style.contourWidth);
    if (comparison) pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPolygon(ring);
    if (comparison || !m_style.showHandles || !m_model) continue;
    for (int i = range.first; i < range.end(); ++i) {
      const bool selected = m_model->isSelected(i);
      const bool hovered = m_model->hoveredIndex() == i;
      const double r = (m_style.handleSize + (selected || hovered ? 3.0 : 0.0)) / 2.0;
      p.setPen(QPen(hovered ? m_style.selectionColour : colour, hovered ? 2.0 : 1.0));
      p.setBrush(selected ? QBrush(m_style.selectionColour) : QBrush(colour.darker(140)));
      p.drawEllipse(ring[i - range.first], r, r);
    }
  }
}

void ImageView::drawForeground(QPainter* painter, const QRectF&) {
  painter->save();
  painter->resetTransform();
  painter->setRenderHint(QPainter::Antialiasing, true);
  if (m_comparison && m_style.showComparison) {
    drawLandmarks(*painter, *m_comparison, true);
    painter->setPen(m_style.comparisonColour);
    painter->drawText(QRectF(viewport()->rect()).adjusted(8, 8, -8, -8), Qt::AlignTop | Qt::AlignRight,
                      tr("dashed: %1").arg(m_comparisonLabel));
  }
  if (m_model) {
    drawLandmarks(*painter, m_model->landmarks(), false);
    const QRectF box = m_model->boxRect();
    if (!box.isNull()) {
      painter->setPen(QPen(m_style.selectionColour, 1, Qt::DashLine));
      painter->setBrush(Qt::NoBrush);
      painter->drawRect(m_transform.imageToScreen(box));
    }
    if (m_model->readOnly() && m_width > 0) {
      painter->setPen(QColor(255, 255, 255, 180));
      painter->drawText(QRectF(viewport()->rect()).adjusted(8, 8, -8, -8), Qt::AlignBottom | Qt::AlignLeft,
                        tr("read-only"));
    }
  }
  painter->restore();
}

editor::PointerEvent ImageView::pointer(QMouseEvent* event, Qt::MouseButton button) const {
  editor::PointerEvent e;
  e.screenPos = event->position();
  e.imagePos = m_transform.screenToImage(e.screenPos);
  e.button = button;
  e.modifiers = event->modifiers();
  return e;
}

void ImageView::mousePressEvent(QMouseEvent* event) {
  setFocus();
  m_last = event->position();
  if (event->button() == Qt::RightButton) {
    m_gesture = Gesture::WindowLevel;
  } else if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_space)) {
    m_gesture = Gesture::Pan;
  } else if (event->button() == Qt::LeftButton && m_model) {
    m_gesture = Gesture::Edit;
    m_model->press(pointer(event, Qt::LeftButton));
  }
  event->accept();
}

void ImageView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF delta = event->position() - m_last;
  m_last = event->position();
  switch (m_gesture) {
    case Gesture::WindowLevel: m_windowLevel.dragBy(delta.x(), delta.y()); break;
    case Gesture::Pan:
      m_transform.pan(delta);
      transformChanged();
      break;
    case Gesture::Edit: m_model->drag(pointer(event, Qt::NoButton)); break;
    case Gesture::None:
      if (m_model) m_model->hover(pointer(event, Qt::NoButton));
      break;
  }
  const QPointF image = m_transform.screenToImage(event->position());
  const int x = int(std::floor(image.x())), y = int(std::floor(image.y()));
  const bool inside = m_pixels && x >= 0 && y >= 0 && x < m_width && y < m_height;
  Q_EMIT cursorInfo(image, inside ? double((*m_pixels)[size_t(y) * size_t(m_width) + size_t(x)]) : 0.0, inside);
  event->accept();
}

void ImageView::mouseReleaseEvent(QMouseEvent* event) {
  if (m_gesture == Gesture::Edit && m_model) m_model->release(pointer(event, event->button()));
  m_gesture = Gesture::None;
  event->accept();
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && m_model && m_model->hitTest(event->position()) < 0) fitToWindow();
  event->accept();
}

void ImageView::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) {
    m_transform.zoomAt(event->position(), std::pow(1.15, steps));
    transformChanged();
  }
  event->accept();
}

void ImageView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    m_space = true;
    viewport()->setCursor(Qt::OpenHandCursor);
    event->accept();
    return;
  }
  QGraphicsView::keyPressEvent(event);
}

void ImageView::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    m_space = false;
    viewport()->unsetCursor();
    event->accept();
    return;
  }
  QGraphicsView::keyReleaseEvent(event);
}

}  // namespace cxr::widgets
