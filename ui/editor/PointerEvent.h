#pragma once

#include <QPointF>
#include <Qt>

namespace cxr::editor {

/// A toolkit-neutral pointer event, as the view forwards it to an editor model.
struct PointerEvent {
  QPointF imagePos;   ///< position in original image pixels (see ViewTransform)
  QPointF screenPos;  ///< position in viewport pixels
  Qt::MouseButton button = Qt::NoButton;  ///< the button pressed or released (NoButton for moves)
  Qt::KeyboardModifiers modifiers = Qt::NoModifier;
};

}  // namespace cxr::editor
