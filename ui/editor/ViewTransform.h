#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace cxr::editor {

/// The image <-> screen mapping of an image view: screen = image * scale + offset (a uniform
/// scale and a translation, no rotation).
///
/// Coordinates: "image" is original image pixels with pixel (i, j) centred on (i, j), so it
/// covers [i - 0.5, i + 0.5); landmark coordinates are in this space. "Screen" is the view's
/// viewport in device-independent pixels, origin at its top-left corner.
class ViewTransform {
 public:
  /// Smallest and largest scale the zoom functions allow by default (screen px per image px).
  static constexpr double kDefaultMinScale = 1.0 / 64.0;
  static constexpr double kDefaultMaxScale = 64.0;

  /// Identity: scale 1, offset 0.
  ViewTransform() = default;

  /// Screen position of an image point.
  QPointF imageToScreen(QPointF image) const { return image * m_scale + m_offset; }
  /// Image point shown at a screen position.
  QPointF screenToImage(QPointF screen) const { return (screen - m_offset) / m_scale; }
  /// Screen rectangle of an image rectangle.
  QRectF imageToScreen(const QRectF& image) const;
  /// Image rectangle shown in a screen rectangle.
  QRectF screenToImage(const QRectF& screen) const;
  /// Screen rectangle covered by an image of this size (its pixel edges, see the class note).
  QRectF imageRectOnScreen(QSizeF imageSize) const;

  /// Scales by `factor` (clamped to the zoom limits) keeping the image point under `screenPos`
  /// exactly where it is.
  void zoomAt(QPointF screenPos, double factor);
  /// Moves the image by a screen-space delta.
  void pan(QPointF screenDelta);
  /// Largest scale at which the whole image fits the viewport, image centred.
  void fit(QSizeF viewport, QSizeF image);
  /// Scale 1 (one image pixel per screen pixel) with `imageCenter` in the viewport centre.
  void oneToOne(QSizeF viewport, QPointF imageCenter);
  /// Sets scale (clamped) and offset directly.
  void set(double scale, QPointF offset);

  /// Screen pixels per image pixel.
  double scale() const { return m_scale; }
  /// Screen position of the image point (0, 0).
  QPointF offset() const { return m_offset; }

  /// Zoom limits used by zoomAt(), oneToOne() and set(); fit() may go below the minimum so a
  /// huge image always fits.
  void setZoomLimits(double minScale, double maxScale);
  double minScale() const { return m_minScale; }
  double maxScale() const { return m_maxScale; }

  bool operator==(const ViewTransform& o) const {
    return m_scale == o.m_scale && m_offset == o.m_offset;
  }
  bool operator!=(const ViewTransform& o) const { return !(*this == o); }

 private:
  double clampScale(double scale) const;

  double m_scale = 1.0;
  QPointF m_offset{0.0, 0.0};
  double m_minScale = kDefaultMinScale;
  double m_maxScale = kDefaultMaxScale;
};

}  // namespace cxr::editor
