#pragma once

#include "core/format/LandmarkSet.h"
#include "ui/editor/OverlayStyle.h"

#include <QGraphicsItem>
#include <QString>

#include <optional>

namespace cxr::editor {
class ViewTransform;
}

namespace cxr::widgets {

/// Draws another version of the case (another reader, the model's prediction) read-only, as
/// dashed contours in the style's comparison colour, with its label in the viewport's corner.
class ComparisonOverlayItem : public QGraphicsItem {
 public:
  /// `transform` belongs to the view and outlives the item.
  explicit ComparisonOverlayItem(const editor::ViewTransform* transform);

  /// The version to show and its label; nothing hides the overlay.
  void setLandmarks(std::optional<format::LandmarkSet> landmarks, QString label);
  const std::optional<format::LandmarkSet>& landmarks() const { return m_landmarks; }
  const QString& label() const { return m_label; }
  void setStyle(const editor::OverlayStyle& style);
  /// Size of the view's viewport, the item's bounding rectangle.
  void setViewportSize(QSizeF size);
  /// The view transform changed.
  void viewChanged() { update(); }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  const editor::ViewTransform* m_transform;
  std::optional<format::LandmarkSet> m_landmarks;
  QString m_label;
  editor::OverlayStyle m_style;
  QSizeF m_viewport;
};

}  // namespace cxr::widgets
