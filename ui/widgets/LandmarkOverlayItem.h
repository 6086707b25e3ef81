#pragma once

#include "core/format/OrganLayout.h"
#include "ui/editor/OverlayStyle.h"

#include <QGraphicsItem>

#include <array>
#include <cstdint>

namespace cxr::editor {
class LandmarkEditModel;
class ViewTransform;
}  // namespace cxr::editor

namespace cxr::widgets {

/// Draws the landmarks of a LandmarkEditModel in screen coordinates: per organ a closed contour
/// (optionally a filled, translucent mask), the handles (selected and hovered ones highlighted)
/// and the rubber band. It reads only the model's const getters. On a model change it repaints
/// just the region that changed: around moved points and their two contour segments, and around
/// handles whose highlight changed.
class LandmarkOverlayItem : public QGraphicsItem {
 public:
  /// `transform` belongs to the view and outlives the item.
  explicit LandmarkOverlayItem(const editor::ViewTransform* transform);

  /// The model to draw (nullptr: nothing). It must outlive the item or be replaced first.
  void setModel(const editor::LandmarkEditModel* model);
  void setStyle(const editor::OverlayStyle& style);
  /// Size of the view's viewport, the item's bounding rectangle.
  void setViewportSize(QSizeF size);
  /// The view transform changed: everything is repainted.
  void viewChanged();
  /// The model changed: repaints the changed region only.
  void modelChanged();
  /// Region requested by the last modelChanged() (empty when nothing visible changed).
  QRectF lastDirtyRect() const { return m_lastDirty; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  /// What the overlay last showed, to find what a model change touches.
  struct Snapshot {
    std::array<QPointF, format::kLandmarkCount> screen{};
    std::array<uint8_t, format::kLandmarkCount> flags{};  ///< bit 0 selected, bit 1 hovered
    QRectF band;
    bool valid = false;
  };

  Snapshot takeSnapshot() const;
  QRectF segmentsAround(const Snapshot& snapshot, int index) const;
  double margin() const;
  void paintOrgan(QPainter* painter, format::Organ organ) const;
  void paintHandles(QPainter* painter, const QRectF& exposed) const;

  const editor::ViewTransform* m_transform;
  const editor::LandmarkEditModel* m_model = nullptr;
  editor::OverlayStyle m_style;
  QSizeF m_viewport;
  Snapshot m_snapshot;
  QRectF m_lastDirty;
};

}  // namespace cxr::widgets
