#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::format {

/// An sRGB colour.
struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

/// One data series of a panel.
struct FigureSeries {
  enum class Kind { Points, Line, Bars };
  Kind kind = Kind::Points;
  std::string label;             ///< legend text ("" = not in the legend)
  Rgb color;
  std::vector<double> x, y;      ///< Bars: x = left edge, y = height
  double barWidth = 0;           ///< Bars: width in data units
};

/// One plot area with axes.
struct FigurePanel {
  std::string title, xLabel, yLabel;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  std::vector<FigureSeries> series;
  std::vector<std::string> notes;  ///< text lines in the upper left corner (e.g. r, rho)
};

/// A figure: panels in a grid (row-major).
struct Figure {
  int width = 900, height = 700;  ///< pixels (SVG user units)
  int columns = 1;
  std::string title;
  std::vector<FigurePanel> panels;
};

/// A drawing primitive in figure pixels (origin top left, y down).
struct DrawOp {
  enum class Kind { Line, Circle, Rect, Text };
  Kind kind = Kind::Line;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;  ///< Line ends; Rect x1,y1 corner + x2,y2 size; Circle centre x1,y1 radius x2
  Rgb stroke, fill;
  bool hasFill = false, hasStroke = true;
  double width = 1;                       ///< stroke width
  double fillOpacity = 1;
  std::string text;                       ///< Text: anchored at x1,y1 (baseline)
  double fontSize = 12;
  int anchor = 0;                         ///< Text: -1 start, 0 middle, 1 end
  bool vertical = false;                  ///< Text rotated -90 degrees
  bool bold = false;
};

/// Figures as drawing primitives, and as SVG. Both the SVG and the PNG renderer (ui/charts,
/// QPainter) draw the same primitives, so the two files show the same figure.
class FigureRenderer {
 public:
  /// Axis ticks at "nice" steps (1, 2, 5 x 10^k) inside [lo, hi], about `target` of them.
  static std::vector<double> niceTicks(double lo, double hi, int target = 6);
  /// Lays the figure out: white background, titles, axes with ticks and grid, clipped series,
  /// notes, legends.
  static std::vector<DrawOp> layout(const Figure& figure);
  /// The primitives as a standalone SVG 1.1 document.
  static std::string toSvg(const std::vector<DrawOp>& ops, int width, int height);
  /// layout() then toSvg(), written to `path`; throws FormatError naming the file on failure.
  static void writeSvg(const Figure& figure, const std::string& path);
  /// Colour i of a fixed palette of distinguishable colours (wraps around).
  static Rgb palette(std::size_t i);
};

}  // namespace cxr::format
