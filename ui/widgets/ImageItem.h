#pragma once

#include <QGraphicsItem>
#include <QImage>

#include <vector>

namespace cxr::editor {
class ViewTransform;
}

namespace cxr::widgets {

/// Draws the windowed 8-bit image of an ImageView in screen (viewport) coordinates, through the
/// view's ViewTransform. It keeps a viewport-sized rendering, rebuilt only when the image, the
/// transform or the viewport changes, so repainting a small region (a landmark drag) is a blit.
/// Zoomed out, it samples from a 2 x 2 box-filtered pyramid level at most twice the screen
/// resolution, so a 3000 px image shown at 1/4 is not aliased.
class ImageItem : public QGraphicsItem {
 public:
  /// `transform` belongs to the view and outlives the item.
  explicit ImageItem(const editor::ViewTransform* transform);

  /// The display image (Format_Grayscale8, original pixels); a null image shows nothing.
  void setImage(QImage image);
  const QImage& image() const { return m_image; }
  /// Size of the view's viewport (the item never paints outside it).
  void setViewportSize(QSizeF size);
  /// The view transform changed.
  void viewChanged();

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  void rebuildPyramid();
  void rebuildCache();
  QRectF visibleRect() const;

  const editor::ViewTransform* m_transform;
  QImage m_image;
  std::vector<QImage> m_levels;  ///< m_levels[k] is the image reduced 2^(k+1) times
  QSizeF m_viewport;
  QImage m_cache;
  QRect m_cacheRect;
  bool m_cacheValid = false;
};

}  // namespace cxr::widgets
