#pragma once

#include <QGraphicsItem>
#include <QImage>

#include <memory>
#include <vector>

namespace cxr::editor {
class ViewTransform;
class WindowLevelModel;
}  // namespace cxr::editor

namespace cxr::widgets {

/// Draws the full-depth image of an ImageView, windowed by its WindowLevelModel, in screen
/// (viewport) coordinates through its ViewTransform.
///
/// Zoomed out, it windows a 2 x 2 box-filtered float pyramid level at most twice the screen
/// resolution (so a 3000 px image shown at 1/3 is neither aliased nor windowed at 9 Mpx per
/// step); zoomed in, it windows only the visible part of the original pixels. The result is
/// kept as a viewport-sized rendering, rebuilt only when the image, window, transform or
/// viewport changes, so repainting a small region (a landmark drag) is a blit.
class ImageItem : public QGraphicsItem {
 public:
  /// `transform` and `window` belong to the view and outlive the item.
  ImageItem(const editor::ViewTransform* transform, const editor::WindowLevelModel* window);

  /// The full-depth pixels (row-major, width x height); nullptr shows nothing.
  void setImage(std::shared_ptr<const std::vector<float>> pixels, int width, int height);
  /// The whole image at full resolution under the current window (computed on demand).
  QImage displayImage() const;
  /// Size of the view's viewport (the item never paints outside it).
  void setViewportSize(QSizeF size);
  /// The view transform changed.
  void viewChanged();
  /// The window changed.
  void windowChanged();

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  /// The image reduced 2^k times (k >= 1), and its windowed rendering when up to date.
  struct Level {
    std::vector<float> pixels;
    int width = 0, height = 0;
    QImage windowed;
  };

  void rebuildCache();
  void drawLevel(QPainter& painter, int level);
  void drawVisibleOriginal(QPainter& painter);
  QRectF visibleRect() const;

  const editor::ViewTransform* m_transform;
  const editor::WindowLevelModel* m_window;
  std::shared_ptr<const std::vector<float>> m_pixels;
  int m_width = 0, m_height = 0;
  std::vector<Level> m_levels;  ///< m_levels[k - 1] is level k
  QSizeF m_viewport;
  QImage m_cache;
  QRect m_cacheRect;
  bool m_cacheValid = false;
};

}  // namespace cxr::widgets
