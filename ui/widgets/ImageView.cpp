#include "ui/widgets/ImageView.h"

#include "ui/editor/LandmarkEditModel.h"
#include "ui/widgets/ComparisonOverlayItem.h"
#include "ui/widgets/ImageItem.h"
#include "ui/widgets/LandmarkOverlayItem.h"

#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <cmath>
#include <stdexcept>
#include <string>

namespace cxr::widgets {

namespace {

// Zoom per wheel notch (120 eighths of a degree).
constexpr double kWheelNotchFactor = 1.25;

}  // namespace

ImageView::ImageView(QWidget* parent)
    : QGraphicsView(parent),
      m_scene(new QGraphicsScene(this)),
      m_imageItem(new ImageItem(&m_transform, &m_windowLevel)),
      m_overlay(new LandmarkOverlayItem(&m_transform)),
      m_comparison(new ComparisonOverlayItem(&m_transform)) {
  // Scene coordinates are viewport pixels: no scroll bars, no view transform, no anchors. The
  // items map image to screen themselves, so zoom and pan stay exact (scroll bars are integer).
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setAlignment(Qt::AlignLeft | Qt::AlignTop);
  setTransformationAnchor(QGraphicsView::NoAnchor);
  setResizeAnchor(QGraphicsView::NoAnchor);
  setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
  setOptimizationFlag(QGraphicsView::DontSavePainterState, true);
  setBackgroundBrush(Qt::black);
  setMouseTracking(true);
  viewport()->setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  m_scene->setItemIndexMethod(QGraphicsScene::NoIndex);
  m_scene->addItem(m_imageItem);
  m_scene->addItem(m_comparison);
  m_scene->addItem(m_overlay);
  m_comparison->setZValue(1);
  m_overlay->setZValue(2);
  setScene(m_scene);
  m_windowLevel.changed.connect([this] {
    m_imageItem->windowChanged();
    Q_EMIT viewChanged();
  });
  updateCursorShape();
}

ImageView::~ImageView() { setEditModel(nullptr); }

void ImageView::setImage(std::shared_ptr<const std::vector<float>> pixels, int width, int height,
                         float min, float max, bool monochrome1,
                         std::optional<std::pair<double, double>> defaultWindow) {
  if (!pixels || width <= 0 || height <= 0 ||
      pixels->size() != size_t(width) * size_t(height))
    throw std::invalid_argument(
        "ImageView::setImage: " + std::to_string(pixels ? pixels->size() : 0) +
        " pixel values for a " + std::to_string(width) + " x " + std::to_string(height) + " image");
  m_pixels = std::move(pixels);
  m_width = width;
  m_height = height;
  m_imageItem->setImage(m_pixels, width, height);
  if (m_model) m_model->setImageSize(QSize(width, height));
  m_windowLevel.reset(min, max, defaultWindow, monochrome1);
  fitToWindow();
}

void ImageView::clearImage() {
  m_pixels.reset();
  m_width = m_height = 0;
  m_imageItem->setImage(nullptr, 0, 0);
  Q_EMIT viewChanged();
}

void ImageView::setEditModel(editor::LandmarkEditModel* model) {
  if (m_model) {
    m_model->changed.disconnect(m_modelConnection);
    if (m_model->viewTransform() == &m_transform) m_model->setViewTransform(nullptr);
  }
  m_dragTarget = m_dragTarget == DragTarget::Model ? DragTarget::None : m_dragTarget;
  m_model = model;
  m_modelConnection = 0;
  if (m_model) {
    m_model->setViewTransform(&m_transform);
    if (hasImage()) m_model->setImageSize(QSize(m_width, m_height));
    m_modelConnection = m_model->changed.connect([this] {
      m_overlay->modelChanged();
      updateCursorShape();
    });
    applyInteractiveOrgans();
  }
  m_overlay->setModel(m_model);
}

void ImageView::setComparison(std::optional<format::LandmarkSet> landmarks, QString label) {
  m_comparison->setLandmarks(std::move(landmarks), std::move(label));
}

void ImageView::setOverlayStyle(const editor::OverlayStyle& style) {
  m_style = style;
  m_overlay->setStyle(style);
  m_comparison->setStyle(style);
  applyInteractiveOrgans();
}

void ImageView::applyInteractiveOrgans() {
  if (!m_model) return;
  for (format::Organ organ : format::kOrgans)
    m_model->setOrganInteractive(organ, m_style.visible(organ));
}

void ImageView::fitToWindow() {
  if (hasImage()) m_transform.fit(QSizeF(viewport()->size()), QSizeF(m_width, m_height));
  transformChanged(/*keepFitting=*/true);
}

void ImageView::zoomOneToOne() {
  const QSizeF size(viewport()->size());
  m_transform.oneToOne(size, m_transform.screenToImage(QPointF(size.width() / 2, size.height() / 2)));
  transformChanged(false);
}

void ImageView::zoomBy(double factor) {
  const QSizeF size(viewport()->size());
  m_transform.zoomAt(QPointF(size.width() / 2, size.height() / 2), factor);
  transformChanged(false);
}

void ImageView::setWindowPreset(editor::WindowPreset preset) { m_windowLevel.applyPreset(preset); }

void ImageView::setInverted(bool inverted) { m_windowLevel.setInverted(inverted); }

QImage ImageView::displayImage() const { return m_imageItem->displayImage(); }

void ImageView::transformChanged(bool keepFitting) {
  m_fitting = keepFitting;
  m_imageItem->viewChanged();
  m_overlay->viewChanged();
  m_comparison->viewChanged();
  Q_EMIT viewChanged();
}

editor::PointerEvent ImageView::pointerEvent(QPointF screen, Qt::MouseButton button,
                                             Qt::KeyboardModifiers modifiers) const {
  return {m_transform.screenToImage(screen), screen, button, modifiers};
}

void ImageView::reportCursor(QPointF screen) {
  const QPointF image = m_transform.screenToImage(screen);
  // Pixel (i, j) is centred on (i, j): round to the nearest centre.
  const long x = std::lround(std::floor(image.x() + 0.5)), y = std::lround(std::floor(image.y() + 0.5));
  const bool inside = hasImage() && x >= 0 && y >= 0 && x < m_width && y < m_height;
  const double value = inside ? double((*m_pixels)[size_t(y) * size_t(m_width) + size_t(x)]) : 0.0;
  Q_EMIT cursorInfo(image, value, inside);
}

void ImageView::updateCursorShape() {
  Qt::CursorShape shape = Qt::CrossCursor;
  if (m_dragTarget == DragTarget::Pan) shape = Qt::ClosedHandCursor;
  else if (m_spaceHeld) shape = Qt::OpenHandCursor;
  else if (m_model && m_model->state() == editor::LandmarkEditModel::State::DraggingPoints)
    shape = Qt::ClosedHandCursor;
  else if (m_model && m_model->hoveredIndex() >= 0) shape = Qt::PointingHandCursor;
  viewport()->setCursor(shape);
}

void ImageView::mousePressEvent(QMouseEvent* event) {
  event->accept();
  if (m_dragTarget != DragTarget::None) return;  // another button already drives a gesture
  const QPointF pos = event->position();
  const Qt::MouseButton button = event->button();
  if (button == Qt::MiddleButton || (button == Qt::LeftButton && m_spaceHeld)) {
    m_dragTarget = DragTarget::Pan;
  } else if (button == Qt::RightButton) {
    m_dragTarget = DragTarget::Window;
  } else if (button == Qt::LeftButton && m_model &&
             m_model->press(pointerEvent(pos, button, event->modifiers()))) {
    m_dragTarget = DragTarget::Model;
  }
  if (m_dragTarget != DragTarget::None) m_dragButton = button;
  m_lastPos = pos;
  updateCursorShape();
}

void ImageView::mouseMoveEvent(QMouseEvent* event) {
  event->accept();
  const QPointF pos = event->position();
  switch (m_dragTarget) {
    case DragTarget::Model:
      m_model->drag(pointerEvent(pos, Qt::NoButton, event->modifiers()));
      break;
    case DragTarget::Pan:
      m_transform.pan(pos - m_lastPos);
      transformChanged(false);
      break;
    case DragTarget::Window:
      m_windowLevel.dragBy(pos.x() - m_lastPos.x(), pos.y() - m_lastPos.y());
      break;
    case DragTarget::None:
      if (m_model) m_model->hover(pointerEvent(pos, Qt::NoButton, event->modifiers()));
      break;
  }
  m_lastPos = pos;
  reportCursor(pos);
  updateCursorShape();
}

void ImageView::mouseReleaseEvent(QMouseEvent* event) {
  event->accept();
  if (m_dragTarget == DragTarget::None || event->button() != m_dragButton) return;
  if (m_dragTarget == DragTarget::Model && m_model)
    m_model->release(pointerEvent(event->position(), event->button(), event->modifiers()));
  m_dragTarget = DragTarget::None;
  m_dragButton = Qt::NoButton;
  updateCursorShape();
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event) {
  // Qt delivers the second press of a double-click here: on a handle it is a press like any.
  const bool onHandle = m_model && m_model->hitTest(event->position()) >= 0;
  if (event->button() == Qt::LeftButton && !m_spaceHeld && !onHandle &&
      m_dragTarget == DragTarget::None) {
    event->accept();
    fitToWindow();
    return;
  }
  mousePressEvent(event);
}

void ImageView::wheelEvent(QWheelEvent* event) {
  event->accept();
  const double notches = event->angleDelta().y() / 120.0;
  if (notches == 0.0) return;
  m_transform.zoomAt(event->position(), std::pow(kWheelNotchFactor, notches));
  transformChanged(false);
  reportCursor(event->position());
}

void ImageView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  const QSizeF size(viewport()->size());
  m_scene->setSceneRect(QRectF(QPointF(0, 0), size));
  m_imageItem->setViewportSize(size);
  m_overlay->setViewportSize(size);
  m_comparison->setViewportSize(size);
  if (m_fitting) fitToWindow();
  else transformChanged(false);
}

void ImageView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    m_spaceHeld = true;
    updateCursorShape();
    event->accept();
    return;
  }
  // Not QGraphicsView's: it would scroll on arrow keys, which are the main window's nudges.
  QWidget::keyPressEvent(event);
}

void ImageView::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    m_spaceHeld = false;
    updateCursorShape();
    event->accept();
    return;
  }
  QWidget::keyReleaseEvent(event);
}

void ImageView::leaveEvent(QEvent* event) {
  if (m_model && m_dragTarget == DragTarget::None) m_model->clearHover();
  QGraphicsView::leaveEvent(event);
}

void ImageView::focusOutEvent(QFocusEvent* event) {
  m_spaceHeld = false;
  updateCursorShape();
  QGraphicsView::focusOutEvent(event);
}

}  // namespace cxr::widgets
