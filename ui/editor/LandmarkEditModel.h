#pragma once

#include "core/format/LandmarkSet.h"
#include "ui/editor/PointerEvent.h"
#include "ui/editor/Signal.h"

#include <QRectF>
#include <QSize>
#include <QString>
#include <QUndoStack>

#include <array>
#include <utility>
#include <vector>

namespace cxr::editor {

class ViewTransform;

/// Interaction state of the landmark editor over one case's 120 landmarks, in original image
/// pixels: hover, selection, drag (rigid or soft), rubber-band selection, arrow-key nudges and
/// the undo stack. Toolkit-free: the view forwards PointerEvents and draws from the getters.
///
/// Gestures: a left press on a handle selects it (Shift adds, Ctrl toggles) and a drag beyond
/// dragThresholdScreen() moves the whole selection rigidly (a click never moves anything); a
/// soft drag (setSoftDragEnabled, or Alt held) of one selected point also moves its ring
/// neighbours with a raised-cosine falloff. A left press on empty space then a drag selects the
/// handles inside the box (Shift adds). During a drag landmarks() shows the live positions and
/// `changed` fires on every move; the release pushes exactly one undo command.
class LandmarkEditModel {
 public:
  /// Gesture state.
  enum class State { Idle, Pressed, DraggingPoints, BoxSelecting };

  static constexpr double kDefaultHitRadiusScreen = 8.0;
  static constexpr double kDefaultDragThresholdScreen = 4.0;

  /// No landmarks loaded (all at 0, 0), editable, no view transform (screen = image).
  LandmarkEditModel();
  ~LandmarkEditModel();
  LandmarkEditModel(const LandmarkEditModel&) = delete;
  LandmarkEditModel& operator=(const LandmarkEditModel&) = delete;

  /// Loads a case: cancels any gesture, clears selection, hover and the undo stack.
  void setLandmarks(const format::LandmarkSet& landmarks, bool readOnly);
  /// The current (live, during a drag) landmark positions.
  const format::LandmarkSet& landmarks() const { return m_landmarks; }
  bool readOnly() const { return m_readOnly; }
  /// Read-only refuses every edit; turning it on cancels the gesture and clears the undo stack
  /// (there is nothing a read-only case may undo into).
  void setReadOnly(bool readOnly);
  /// Image size in pixels; edits keep points inside [0, width-1] x [0, height-1]. An empty size
  /// (the default) does not clamp.
  void setImageSize(QSize size) { m_imageSize = size; }
  QSize imageSize() const { return m_imageSize; }

  /// Screen mapping for hit tests and thresholds (owned by the view; nullptr = identity).
  void setViewTransform(const ViewTransform* transform) { m_transform = transform; }
  const ViewTransform* viewTransform() const { return m_transform; }
  double hitRadiusScreen() const { return m_hitRadius; }
  void setHitRadiusScreen(double pixels) { m_hitRadius = pixels; }
  double dragThresholdScreen() const { return m_dragThreshold; }
  void setDragThresholdScreen(double pixels) { m_dragThreshold = pixels; }
  /// Whether an organ's handles can be hit and box-selected (the view turns hidden organs off).
  void setOrganInteractive(format::Organ organ, bool interactive);
  bool organInteractive(format::Organ organ) const { return m_interactive[int(organ)]; }
  /// Index of the nearest interactive handle within hitRadiusScreen() of a screen point, or -1.
  int hitTest(QPointF screenPos) const;

  /// Pointer input; each returns whether the model handled the event.
  bool press(const PointerEvent& event);
  bool drag(const PointerEvent& event);
  bool release(const PointerEvent& event);
  /// Updates hoveredIndex() while no button is down; true when over a handle.
  bool hover(const PointerEvent& event);
  /// The pointer left the view: no handle is hovered.
  void clearHover();
  /// Abandons the gesture in progress: a drag's points return to where they were.
  void cancelGesture();

  State state() const { return m_state; }
  /// Handle under the pointer, or -1.
  int hoveredIndex() const { return m_hovered; }
  /// Selected landmark indices, sorted ascending.
  const std::vector<int>& selection() const { return m_selection; }
  bool isSelected(int index) const;
  /// Rubber band in image pixels while BoxSelecting, else an empty rectangle.
  QRectF boxRect() const { return m_state == State::BoxSelecting ? m_box : QRectF(); }

  void setSoftDragEnabled(bool enabled) { m_softDrag = enabled; }
  bool softDragEnabled() const { return m_softDrag; }
  /// Ring neighbours on each side a soft drag moves (default 4, at least 0).
  void setSoftRadius(int neighbours);
  int softRadius() const { return m_softRadius; }

  void selectAll();
  void clearSelection();
  /// Replaces the selection (indices outside 0..119 are dropped).
  void setSelection(std::vector<int> indices);
  /// Always false: a CheXmask segmentation has exactly 120 landmarks.
  bool canDeleteSelection() const { return false; }

  /// Moves the selection by an image-space delta as one command; consecutive nudges of the
  /// same selection merge into one undo step. False (nothing pushed) when read-only, nothing is
  /// selected or nothing moved.
  bool nudge(double dxImage, double dyImage);
  /// Replaces all landmarks as one command with `label`; false when read-only or unchanged.
  bool applyLandmarks(const format::LandmarkSet& target, const QString& label);
  /// applyLandmarks(modelLandmarks, "Reset to model").
  bool resetToModel(const format::LandmarkSet& modelLandmarks);

  /// The edit history of the current case (cleared by setLandmarks).
  QUndoStack& undoStack() { return m_undoStack; }
  bool canUndo() const { return !m_readOnly && m_undoStack.canUndo(); }
  bool canRedo() const { return !m_readOnly && m_undoStack.canRedo(); }
  /// Undo/redo through the model (cancels a gesture first); false when not possible.
  bool undo();
  bool redo();

  /// Any change of landmarks, selection, hover, box or state.
  Signal<> changed;
  /// A gesture or nudge changed landmarks, or an undo/redo did: the autosave hook.
  Signal<> editCommitted;

 private:
  friend class MoveLandmarksCommand;
  friend class SetLandmarksCommand;

  struct Gesture {
    QPointF pressImage, pressScreen;
    Qt::KeyboardModifiers modifiers;
    int pressedIndex = -1;         ///< handle under the press, -1 for empty space
    bool collapseOnClick = false;  ///< a click (no drag) leaves only the pressed handle selected
    std::vector<int> baseSelection;               ///< kept by an additive box select
    std::vector<std::pair<int, double>> moving;  ///< (index, weight) of a point drag
    std::vector<format::Point> before;           ///< positions of `moving` at drag start
    bool soft = false;
  };

  QPointF screenOf(const format::Point& p) const;
  double screenDistance(QPointF a, QPointF b) const;
  bool pressOnHandle(int index, Qt::KeyboardModifiers modifiers);
  void beginPointDrag(Qt::KeyboardModifiers modifiers);
  void updatePointDrag(QPointF imagePos);
  void commitPointDrag();
  void updateBox(QPointF imagePos);
  QPointF clampRigidDelta(const std::vector<format::Point>& points, QPointF delta) const;
  format::Point clampToImage(format::Point p) const;
  bool setSelectionInternal(std::vector<int> indices);
  void resetGesture();
  // Called by the undo commands.
  void applyPositions(const std::vector<int>& indices, const std::vector<format::Point>& points);
  void applyAll(const format::LandmarkSet& landmarks);

  format::LandmarkSet m_landmarks;
  bool m_readOnly = false;
  QSize m_imageSize;
  const ViewTransform* m_transform = nullptr;
  double m_hitRadius = kDefaultHitRadiusScreen;
  double m_dragThreshold = kDefaultDragThresholdScreen;
  std::array<bool, 3> m_interactive{true, true, true};
  State m_state = State::Idle;
  int m_hovered = -1;
  std::vector<int> m_selection;
  QRectF m_box;
  bool m_softDrag = false;
  int m_softRadius;
  Gesture m_gesture;
  QUndoStack m_undoStack;
};

}  // namespace cxr::editor
