#pragma once

#include "core/format/LandmarkSet.h"
#include "ui/editor/OverlayStyle.h"
#include "ui/editor/PointerEvent.h"
#include "ui/editor/ViewTransform.h"
#include "ui/editor/WindowLevelModel.h"

#include <QGraphicsView>
#include <QImage>
#include <QPixmap>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace cxr::editor {
class LandmarkEditModel;
}

namespace cxr::widgets {

/// The radiograph with its contours, on Qt Graphics View with raster painting (no OpenGL, so it
/// runs on remote desktops and the offscreen platform). It draws the WindowLevelModel's image
/// and the LandmarkEditModel's landmarks through an editor::ViewTransform, and forwards mouse
/// events: left to the edit model, right-drag to window/level, wheel to zoom at the cursor,
/// middle-drag or Space+left to pan, double-click on empty space to fit. No review state here.
class ImageView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit ImageView(QWidget* parent = nullptr);
  ~ImageView() override;

  /// Shows full-depth pixels (row-major) with the file's default window.
  void setImage(std::shared_ptr<const std::vector<float>> pixels, int width, int height, float min, float max,
                bool monochrome1, std::optional<std::pair<double, double>> defaultWindow);
  /// No pixels (missing file): a dark canvas of the image's size so contours still show.
  void clearImage(int width, int height);
  void setEditModel(editor::LandmarkEditModel* model);
  /// A read-only version drawn dashed for comparison (nullopt: none).
  void setComparison(std::optional<format::LandmarkSet> landmarks, const QString& label);
  const editor::OverlayStyle& overlayStyle() const { return m_style; }
  void setOverlayStyle(const editor::OverlayStyle& style);
  editor::WindowLevelModel& windowLevel() { return m_windowLevel; }
  const editor::ViewTransform& viewTransform() const { return m_transform; }
  void fitToWindow();
  void zoomOneToOne();
  void setInverted(bool inverted) { m_windowLevel.setInverted(inverted); }

 Q_SIGNALS:
  /// Pixel value and image coordinates under the cursor.
  void cursorInfo(QPointF imagePos, double value, bool inside);
  void viewChanged();

 protected:
  void drawBackground(QPainter* painter, const QRectF& rect) override;
  void drawForeground(QPainter* painter, const QRectF& rect) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void scrollContentsBy(int, int) override {}

 private:
  editor::PointerEvent pointer(QMouseEvent* event, Qt::MouseButton button) const;
  void renderImage();
  void updateScaledCache();
  void transformChanged();
  void drawLandmarks(QPainter& p, const format::LandmarkSet& lm, bool comparison) const;

  editor::LandmarkEditModel* m_model = nullptr;
  int m_modelSlot = -1;
  editor::WindowLevelModel m_windowLevel;
  editor::ViewTransform m_transform;
  editor::OverlayStyle m_style;
  std::shared_ptr<const std::vector<float>> m_pixels;
  int m_width = 0, m_height = 0;
  QImage m_display;       ///< window/level rendering at image resolution
  QPixmap m_scaled;       ///< m_display scaled to the current transform (viewport-sized)
  QPointF m_scaledOrigin;
  bool m_scaledValid = false;
  std::optional<format::LandmarkSet> m_comparison;
  QString m_comparisonLabel;
  enum class Gesture { None, Edit, WindowLevel, Pan } m_gesture = Gesture::None;
  QPointF m_last;
  bool m_space = false;
};

}  // namespace cxr::widgets
