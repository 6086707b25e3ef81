#pragma once

#include "core/format/OrganLayout.h"

#include <QColor>

#include <array>

namespace cxr::editor {

/// How the landmark overlays are drawn. Organ colours are from the Okabe-Ito palette, which
/// stays distinguishable under the common colour-vision deficiencies.
struct OverlayStyle {
  /// Right lung, left lung, heart (format::Organ order): blue #0072B2, orange #E69F00,
  /// reddish purple #CC79A7.
  std::array<QColor, 3> organColours{QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00),
                                     QColor(0xCC, 0x79, 0xA7)};
  /// Per-organ visibility (hidden organs are neither drawn nor editable in the view).
  std::array<bool, 3> organVisible{true, true, true};
  /// Comparison version (another reader or the model), drawn dashed: yellow #F0E442.
  QColor comparisonColour{0xF0, 0xE4, 0x42};
  /// Whether the comparison version is drawn when one is set.
  bool showComparison = true;
  /// Colour of selected handles' fill and of the rubber band.
  QColor selectionColour{Qt::white};
  /// Opacity of contours and handles, 0..1.
  double opacity = 1.0;
  /// Fill each organ's polygon (a translucent mask) as well as its contour.
  bool filledMasks = false;
  /// Opacity of the filled masks, 0..1.
  double fillOpacity = 0.25;
  /// Contour pen width in screen pixels.
  double contourWidth = 1.5;
  /// Handle diameter in screen pixels (selected and hovered handles are drawn larger).
  double handleSize = 7.0;
  /// Draw the landmark handles (contours only when false).
  bool showHandles = true;

  /// Colour of one organ.
  const QColor& colour(format::Organ organ) const { return organColours[static_cast<int>(organ)]; }
  /// Whether one organ is shown.
  bool visible(format::Organ organ) const { return organVisible[static_cast<int>(organ)]; }
};

}  // namespace cxr::editor
