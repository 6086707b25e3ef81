#pragma once

#include "core/format/Figure.h"

#include <string>

class QImage;
class QPainter;

namespace cxr::charts {

/// Draws core/format figures with QPainter (Qt Gui only, no widgets, no display): the PNG twin
/// of FigureRenderer::writeSvg, from the same drawing primitives.
class FigurePainter {
 public:
  /// Paints the primitives onto `painter` (figure pixels; scale the painter for other sizes).
  static void paint(QPainter& painter, const std::vector<format::DrawOp>& ops);
  /// The figure as an image, `scale` times its nominal size (2 = sharp on paper / HiDPI).
  static QImage render(const format::Figure& figure, double scale = 1.0);
  /// Writes the figure as PNG; throws format::FormatError naming the file on failure.
  /// Without a running QGuiApplication (the CLI), one is created on the "offscreen" platform
  /// (fonts need it; no display is used).
  static void writePng(const format::Figure& figure, const std::string& path, double scale = 1.0);
  /// Creates the offscreen QGuiApplication when there is no application object yet.
  static void ensureGuiApplication();
};

}  // namespace cxr::charts
