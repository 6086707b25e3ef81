#pragma once

#include "core/format/LandmarkSet.h"
#include "ui/editor/OverlayStyle.h"
#include "ui/editor/PointerEvent.h"
#include "ui/editor/ViewTransform.h"
#include "ui/editor/WindowLevelModel.h"

#include <QGraphicsView>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QGraphicsScene;

namespace cxr::editor {
class LandmarkEditModel;
}

namespace cxr::widgets {

class ComparisonOverlayItem;
class ImageItem;
class LandmarkOverlayItem;

/// The radiograph view: the windowed image, the editable landmarks and an optional comparison
/// version, on a raster QGraphicsView whose scene coordinates are the viewport's pixels. The
/// image <-> screen mapping is the view's editor::ViewTransform; the items draw through it.
///
/// Mouse: left goes to the edit model (handles, drag, box select); right-drag changes the
/// window (WindowLevelModel::dragBy); the wheel zooms at the cursor; middle-drag, or Space held
/// with a left drag, pans; a double-click on empty space fits the image. Keys (arrow nudges,
/// undo) belong to the main window's actions. The view keeps no interaction state beyond which
/// gesture its pressed button forwards to.
class ImageView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit ImageView(QWidget* parent = nullptr);
  ~ImageView() override;

  /// Shows a full-depth image (row-major, width x height values in `pixels`, value range
  /// [min, max]); MONOCHROME1 starts inverted; the window starts at `defaultWindow` (center,
  /// width) when given, else the full range. Fits the image to the view. Throws
  /// std::invalid_argument when the pixel count does not match the size.
  void setImage(std::shared_ptr<const std::vector<float>> pixels, int width, int height, float min,
                float max, bool monochrome1,
                std::optional<std::pair<double, double>> defaultWindow);
  /// Shows no image.
  void clearImage();
  bool hasImage() const { return m_pixels != nullptr; }
  /// Size of the image in pixels (empty without one).
  QSize imageSize() const { return QSize(m_width, m_height); }

  /// The model edited by left-button gestures and drawn by the overlay (nullptr: none). The
  /// view installs its ViewTransform and image size into it; the model must outlive the view or
  /// be replaced (setEditModel(nullptr)) before it is destroyed.
  void setEditModel(editor::LandmarkEditModel* model);
  editor::LandmarkEditModel* editModel() const { return m_model; }
  /// Another version drawn dashed and read-only with its label; nothing hides it.
  void setComparison(std::optional<format::LandmarkSet> landmarks, QString label);

  const editor::OverlayStyle& overlayStyle() const { return m_style; }
  /// Applies a style; hidden organs also become non-interactive in the edit model.
  void setOverlayStyle(const editor::OverlayStyle& style);

  /// The display window (connect to its `changed`, apply presets, ...).
  editor::WindowLevelModel& windowLevel() { return m_windowLevel; }
  const editor::ViewTransform& viewTransform() const { return m_transform; }
  /// Whole image visible, centred; the view keeps fitting on resize until zoomed or panned.
  void fitToWindow();
  /// One image pixel per screen pixel, keeping the image point at the viewport centre.
  void zoomOneToOne();
  /// Zooms by `factor` about the viewport centre.
  void zoomBy(double factor);
  void setWindowPreset(editor::WindowPreset preset);
  void setInverted(bool inverted);

  /// The whole image windowed to 8 bits at its original size (rendered on demand).
  QImage displayImage() const;
  /// The landmark overlay (for tests and benchmarks: its last repaint region).
  const LandmarkOverlayItem* landmarkOverlay() const { return m_overlay; }

 Q_SIGNALS:
  /// Pointer moved: image position, the pixel value there and whether it is inside the image.
  void cursorInfo(QPointF imagePos, double value, bool inside);
  /// Zoom, pan or window changed.
  void viewChanged();

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  /// Where the pressed button's drag goes.
  enum class DragTarget { None, Model, Pan, Window };

  editor::PointerEvent pointerEvent(QPointF screen, Qt::MouseButton button,
                                    Qt::KeyboardModifiers modifiers) const;
  void transformChanged(bool keepFitting);
  void reportCursor(QPointF screen);
  void updateCursorShape();
  void applyInteractiveOrgans();

  QGraphicsScene* m_scene;
  ImageItem* m_imageItem;
  LandmarkOverlayItem* m_overlay;
  ComparisonOverlayItem* m_comparison;
  editor::ViewTransform m_transform;
  editor::WindowLevelModel m_windowLevel;
  editor::OverlayStyle m_style;
  std::shared_ptr<const std::vector<float>> m_pixels;
  int m_width = 0, m_height = 0;
  editor::LandmarkEditModel* m_model = nullptr;
  int m_modelConnection = 0;
  bool m_fitting = true;
  // Event forwarding only: which gesture the pressed button drives, and its last position.
  DragTarget m_dragTarget = DragTarget::None;
  Qt::MouseButton m_dragButton = Qt::NoButton;
  QPointF m_lastPos;
  bool m_spaceHeld = false;
};

}  // namespace cxr::widgets
