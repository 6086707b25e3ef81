#include "ui/editor/LandmarkEditModel.h"

#include "ui/editor/MoveLandmarksCommand.h"
#include "ui/editor/SetLandmarksCommand.h"
#include "ui/editor/SoftDrag.h"
#include "ui/editor/ViewTransform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cxr::editor {

using format::LandmarkSet;
using format::Point;

LandmarkEditModel::LandmarkEditModel() : m_softRadius(kDefaultSoftRadius) {}

LandmarkEditModel::~LandmarkEditModel() {
  // The commands refer back to this model: delete them while it is still whole.
  m_undoStack.clear();
}

void LandmarkEditModel::setLandmarks(const LandmarkSet& landmarks, bool readOnly) {
  resetGesture();
  m_landmarks = landmarks;
  m_readOnly = readOnly;
  m_selection.clear();
  m_hovered = -1;
  m_undoStack.clear();
  changed.emit();
}

void LandmarkEditModel::setReadOnly(bool readOnly) {
  if (readOnly == m_readOnly) return;
  if (readOnly) {
    cancelGesture();
    m_undoStack.clear();
    m_hovered = -1;
  }
  m_readOnly = readOnly;
  changed.emit();
}

void LandmarkEditModel::setOrganInteractive(format::Organ organ, bool interactive) {
  m_interactive[int(organ)] = interactive;
  if (interactive) return;
  std::vector<int> kept;
  for (int i : m_selection)
    if (format::organOfLandmark(i) != organ) kept.push_back(i);
  const bool hoverLost = m_hovered >= 0 && format::organOfLandmark(m_hovered) == organ;
  if (hoverLost) m_hovered = -1;
  if (setSelectionInternal(std::move(kept)) || hoverLost) changed.emit();
}

QPointF LandmarkEditModel::screenOf(const Point& p) const {
  const QPointF image(p.x, p.y);
  return m_transform ? m_transform->imageToScreen(image) : image;
}

double LandmarkEditModel::screenDistance(QPointF a, QPointF b) const {
  return std::hypot(a.x() - b.x(), a.y() - b.y());
}

int LandmarkEditModel::hitTest(QPointF screenPos) const {
  int best = -1;
  double bestDistance = std::numeric_limits<double>::infinity();
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    if (!m_interactive[int(format::organOfLandmark(i))]) continue;
    const double d = screenDistance(screenOf(m_landmarks[i]), screenPos);
    if (d <= m_hitRadius && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

bool LandmarkEditModel::press(const PointerEvent& event) {
  if (m_readOnly || event.button != Qt::LeftButton) return false;
  if (m_state != State::Idle) cancelGesture();
  resetGesture();
  m_gesture.pressImage = event.imagePos;
  m_gesture.pressScreen = event.screenPos;
  m_gesture.modifiers = event.modifiers;
  const int hit = hitTest(event.screenPos);
  m_state = State::Pressed;
  if (hit >= 0) {
    pressOnHandle(hit, event.modifiers);
  } else {
    m_gesture.pressedIndex = -1;
    const bool additive = event.modifiers & (Qt::ShiftModifier | Qt::ControlModifier);
    if (additive) m_gesture.baseSelection = m_selection;
    else setSelectionInternal({});
  }
  changed.emit();
  return true;
}

bool LandmarkEditModel::pressOnHandle(int index, Qt::KeyboardModifiers modifiers) {
  std::vector<int> selection = m_selection;
  const bool selected = isSelected(index);
  if (modifiers & Qt::ControlModifier) {
    if (selected) selection.erase(std::find(selection.begin(), selection.end(), index));
    else selection.push_back(index);
  } else if (modifiers & Qt::ShiftModifier) {
    if (!selected) selection.push_back(index);
  } else if (!selected) {
    selection = {index};
  } else {
    // Keep a multi-selection so it can be dragged; a plain click narrows it on release.
    m_gesture.collapseOnClick = selection.size() > 1;
  }
  const bool changedSelection = setSelectionInternal(std::move(selection));
  // A Ctrl-click that deselects the handle starts no drag of it.
  m_gesture.pressedIndex = isSelected(index) ? index : -2;
  return changedSelection;
}

bool LandmarkEditModel::drag(const PointerEvent& event) {
  if (m_readOnly || m_state == State::Idle) return false;
  if (m_state == State::Pressed) {
    if (screenDistance(event.screenPos, m_gesture.pressScreen) < m_dragThreshold) return true;
    if (m_gesture.pressedIndex >= 0) {
      beginPointDrag(event.modifiers);
    } else if (m_gesture.pressedIndex == -1) {
      m_state = State::BoxSelecting;
    } else {
      return true;  // Ctrl-deselected handle: the press ends as a click
    }
  }
  if (m_state == State::DraggingPoints) updatePointDrag(event.imagePos);
  else updateBox(event.imagePos);
  changed.emit();
  return true;
}

bool LandmarkEditModel::release(const PointerEvent& event) {
  if (m_readOnly || m_state == State::Idle) return false;
  switch (m_state) {
    case State::Pressed:
      if (m_gesture.collapseOnClick) setSelectionInternal({m_gesture.pressedIndex});
      break;
    case State::DraggingPoints:
      updatePointDrag(event.imagePos);
      commitPointDrag();
      break;
    case State::BoxSelecting: updateBox(event.imagePos); break;
    case State::Idle: break;
  }
  m_state = State::Idle;
  resetGesture();
  changed.emit();
  return true;
}

bool LandmarkEditModel::hover(const PointerEvent& event) {
  if (m_state != State::Idle) return false;
  const int hit = m_readOnly ? -1 : hitTest(event.screenPos);
  if (hit != m_hovered) {
    m_hovered = hit;
    changed.emit();
  }
  return hit >= 0;
}

void LandmarkEditModel::clearHover() {
  if (m_hovered < 0) return;
  m_hovered = -1;
  changed.emit();
}

void LandmarkEditModel::cancelGesture() {
  if (m_state == State::Idle) return;
  if (m_state == State::DraggingPoints)
    for (size_t k = 0; k < m_gesture.moving.size(); ++k)
      m_landmarks[m_gesture.moving[k].first] = m_gesture.before[k];
  if (m_state == State::BoxSelecting && !m_gesture.baseSelection.empty())
    setSelectionInternal(m_gesture.baseSelection);
  m_state = State::Idle;
  resetGesture();
  changed.emit();
}

void LandmarkEditModel::resetGesture() { m_gesture = Gesture{}; m_box = QRectF(); }

void LandmarkEditModel::beginPointDrag(Qt::KeyboardModifiers modifiers) {
  m_state = State::DraggingPoints;
  const bool altHeld = (modifiers | m_gesture.modifiers) & Qt::AltModifier;
  m_gesture.soft = m_selection.size() == 1 && (m_softDrag || altHeld);
  if (m_gesture.soft) {
    m_gesture.moving = softDragWeights(m_selection.front(), m_softRadius);
  } else {
    for (int i : m_selection) m_gesture.moving.emplace_back(i, 1.0);
  }
  for (const auto& [index, weight] : m_gesture.moving) m_gesture.before.push_back(m_landmarks[index]);
}

void LandmarkEditModel::updatePointDrag(QPointF imagePos) {
  QPointF delta = imagePos - m_gesture.pressImage;
  if (!m_gesture.soft) delta = clampRigidDelta(m_gesture.before, delta);
  for (size_t k = 0; k < m_gesture.moving.size(); ++k) {
    const auto [index, weight] = m_gesture.moving[k];
    const Point& from = m_gesture.before[k];
    m_landmarks[index] = clampToImage({from.x + weight * delta.x(), from.y + weight * delta.y()});
  }
}

void LandmarkEditModel::commitPointDrag() {
  std::vector<int> indices;
  std::vector<Point> before, after;
  for (size_t k = 0; k < m_gesture.moving.size(); ++k) {
    const int index = m_gesture.moving[k].first;
    if (m_landmarks[index] == m_gesture.before[k]) continue;
    indices.push_back(index);
    before.push_back(m_gesture.before[k]);
    after.push_back(m_landmarks[index]);
  }
  if (indices.empty()) return;  // dragged back to where it started: nothing to undo
  const auto kind = m_gesture.soft ? MoveLandmarksCommand::Kind::SoftDrag
                                   : MoveLandmarksCommand::Kind::Move;
  const int anchor = m_gesture.soft ? m_gesture.moving.front().first : -1;
  m_state = State::Idle;  // the command's first redo() applies `after` as a committed edit
  m_undoStack.push(new MoveLandmarksCommand(*this, std::move(indices), std::move(before),
                                            std::move(after), kind, anchor));
}

void LandmarkEditModel::updateBox(QPointF imagePos) {
  m_box = QRectF(m_gesture.pressImage, imagePos).normalized();
  std::vector<int> selection = m_gesture.baseSelection;
  for (int i = 0; i < LandmarkSet::size(); ++i) {
    if (!m_interactive[int(format::organOfLandmark(i))]) continue;
    const Point& p = m_landmarks[i];
    if (p.x >= m_box.left() && p.x <= m_box.right() && p.y >= m_box.top() && p.y <= m_box.bottom())
      selection.push_back(i);
  }
  setSelectionInternal(std::move(selection));
}

QPointF LandmarkEditModel::clampRigidDelta(const std::vector<Point>& points, QPointF delta) const {
  if (m_imageSize.isEmpty() || points.empty()) return delta;
  double minX = points[0].x, maxX = minX, minY = points[0].y, maxY = minY;
  for (const Point& p : points) {
    minX = std::min(minX, p.x);
    maxX = std::max(maxX, p.x);
    minY = std::min(minY, p.y);
    maxY = std::max(maxY, p.y);
  }
  // Keep the selection's bounding box inside the image so it moves rigidly; points already
  // outside are brought in by clampToImage.
  const double loX = -minX, hiX = (m_imageSize.width() - 1) - maxX;
  const double loY = -minY, hiY = (m_imageSize.height() - 1) - maxY;
  double dx = delta.x(), dy = delta.y();
  if (loX <= hiX) dx = std::clamp(dx, loX, hiX);
  if (loY <= hiY) dy = std::clamp(dy, loY, hiY);
  return {dx, dy};
}

Point LandmarkEditModel::clampToImage(Point p) const {
  if (m_imageSize.isEmpty()) return p;
  return {std::clamp(p.x, 0.0, double(m_imageSize.width() - 1)),
          std::clamp(p.y, 0.0, double(m_imageSize.height() - 1))};
}

bool LandmarkEditModel::isSelected(int index) const {
  return std::binary_search(m_selection.begin(), m_selection.end(), index);
}

void LandmarkEditModel::setSoftRadius(int neighbours) { m_softRadius = std::max(0, neighbours); }

bool LandmarkEditModel::setSelectionInternal(std::vector<int> indices) {
  indices.erase(std::remove_if(indices.begin(), indices.end(),
                               [](int i) { return i < 0 || i >= format::kLandmarkCount; }),
                indices.end());
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  if (indices == m_selection) return false;
  m_selection = std::move(indices);
  return true;
}

void LandmarkEditModel::selectAll() {
  std::vector<int> all;
  for (int i = 0; i < LandmarkSet::size(); ++i)
    if (m_interactive[int(format::organOfLandmark(i))]) all.push_back(i);
  if (setSelectionInternal(std::move(all))) changed.emit();
}

void LandmarkEditModel::clearSelection() {
  if (setSelectionInternal({})) changed.emit();
}

void LandmarkEditModel::setSelection(std::vector<int> indices) {
  if (setSelectionInternal(std::move(indices))) changed.emit();
}

bool LandmarkEditModel::nudge(double dxImage, double dyImage) {
  if (m_readOnly || m_selection.empty() || m_state != State::Idle) return false;
  std::vector<Point> before;
  for (int i : m_selection) before.push_back(m_landmarks[i]);
  const QPointF delta = clampRigidDelta(before, QPointF(dxImage, dyImage));
  std::vector<Point> after;
  bool moved = false;
  for (const Point& from : before) {
    after.push_back(clampToImage({from.x + delta.x(), from.y + delta.y()}));
    moved = moved || after.back() != from;
  }
  if (!moved) return false;
  // The command keeps the whole selection, so nudges merge as long as it stays the same.
  m_undoStack.push(new MoveLandmarksCommand(*this, m_selection, std::move(before),
                                            std::move(after), MoveLandmarksCommand::Kind::Nudge));
  return true;
}

bool LandmarkEditModel::applyLandmarks(const LandmarkSet& target, const QString& label) {
  if (m_readOnly) return false;
  cancelGesture();
  if (target == m_landmarks) return false;
  m_undoStack.push(new SetLandmarksCommand(*this, m_landmarks, target, label));
  return true;
}

bool LandmarkEditModel::resetToModel(const LandmarkSet& modelLandmarks) {
  return applyLandmarks(modelLandmarks, QStringLiteral("Reset to model"));
}

bool LandmarkEditModel::undo() {
  if (!canUndo()) return false;
  cancelGesture();
  m_undoStack.undo();
  return true;
}

bool LandmarkEditModel::redo() {
  if (!canRedo()) return false;
  cancelGesture();
  m_undoStack.redo();
  return true;
}

void LandmarkEditModel::applyPositions(const std::vector<int>& indices,
                                       const std::vector<Point>& points) {
  cancelGesture();  // an undo shortcut in the middle of a drag: drop the preview first
  for (size_t k = 0; k < indices.size(); ++k) m_landmarks[indices[k]] = points[k];
  changed.emit();
  editCommitted.emit();
}

void LandmarkEditModel::applyAll(const LandmarkSet& landmarks) {
  cancelGesture();
  m_landmarks = landmarks;
  changed.emit();
  editCommitted.emit();
}

}  // namespace cxr::editor
