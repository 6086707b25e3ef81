#include "core/format/Figure.h"

#include "core/format/FormatError.h"
#include "core/format/NumberText.h"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace cxr::format {

namespace {

constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kGrid{225, 225, 225};
constexpr Rgb kAxis{60, 60, 60};
constexpr Rgb kWhite{255, 255, 255};

DrawOp line(double x1, double y1, double x2, double y2, Rgb c, double w) {
  DrawOp op;
  op.kind = DrawOp::Kind::Line;
  op.x1 = x1; op.y1 = y1; op.x2 = x2; op.y2 = y2;
  op.stroke = c;
  op.width = w;
  return op;
}

DrawOp text(double x, double y, const std::string& s, double size, int anchor, Rgb c = kBlack) {
  DrawOp op;
  op.kind = DrawOp::Kind::Text;
  op.x1 = x; op.y1 = y;
  op.text = s;
  op.fontSize = size;
  op.anchor = anchor;
  op.fill = c;
  op.hasFill = true;
  op.hasStroke = false;
  return op;
}

DrawOp rect(double x, double y, double w, double h, Rgb fill, double opacity, bool stroke, Rgb sc) {
  DrawOp op;
  op.kind = DrawOp::Kind::Rect;
  op.x1 = x; op.y1 = y; op.x2 = w; op.y2 = h;
  op.fill = fill;
  op.hasFill = true;
  op.fillOpacity = opacity;
  op.hasStroke = stroke;
  op.stroke = sc;
  return op;
}

std::string tickText(double v, double step) {
  const int digits = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
  return NumberText::fixed(v, digits);
}

std::string colour(Rgb c) {
  static const char* hex = "0123456789abcdef";
  std::string s = "#";
  for (int v : {c.r, c.g, c.b}) {
    s += hex[(v >> 4) & 15];
    s += hex[v & 15];
  }
  return s;
}

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) { return NumberText::fixed(v, 2); }

}  // namespace

Rgb FigureRenderer::palette(std::size_t i) {
  static const Rgb colours[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                {188, 189, 34}, {23, 190, 207}};
  return colours[i % (sizeof colours / sizeof colours[0])];
}

std::vector<double> FigureRenderer::niceTicks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9; v += step) ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

std::vector<DrawOp> FigureRenderer::layout(const Figure& f) {
  std::vector<DrawOp> ops;
  ops.push_back(rect(0, 0, f.width, f.height, kWhite, 1, false, kWhite));
  double top = 0;
  if (!f.title.empty()) {
    auto t = text(f.width / 2.0, 26, f.title, 17, 0);
    t.bold = true;
    ops.push_back(t);
    top = 36;
  }
  const int columns = std::max(1, f.columns);
  const int rows = std::max(1, int((f.panels.size() + columns - 1) / columns));
  const double cellW = double(f.width) / columns, cellH = (f.height - top) / rows;
  for (std::size_t p = 0; p < f.panels.size(); ++p) {
    const FigurePanel& panel = f.panels[p];
    const double cx = double(p % columns) * cellW, cy = top + double(p / columns) * cellH;
    // Plot rectangle inside the cell: room for the panel title, tick labels and axis labels.
    const double left = cx + 62, right = cx + cellW - 16, upper = cy + 30, lower = cy + cellH - 50;
    const double pw = right - left, ph = lower - upper;
    if (pw <= 10 || ph <= 10) continue;
    const double xr = panel.xMax - panel.xMin, yr = panel.yMax - panel.yMin;
    auto px = [&](double x) { return left + (x - panel.xMin) / (xr > 0 ? xr : 1) * pw; };
    auto py = [&](double y) { return lower - (y - panel.yMin) / (yr > 0 ? yr : 1) * ph; };
    if (!panel.title.empty()) {
      auto t = text((left + right) / 2, cy + 20, panel.title, 14, 0);
      t.bold = true;
      ops.push_back(t);
    }
    const auto xt = niceTicks(panel.xMin, panel.xMax, std::max(3, int(pw / 80)));
    const auto yt = niceTicks(panel.yMin, panel.yMax, std::max(3, int(ph / 60)));
    const double xs = xt.size() > 1 ? xt[1] - xt[0] : 1, ys = yt.size() > 1 ? yt[1] - yt[0] : 1;
    for (double v : xt) {
      ops.push_back(line(px(v), upper, px(v), lower, kGrid, 1));
      ops.push_back(line(px(v), lower, px(v), lower + 5, kAxis, 1));
      ops.push_back(text(px(v), lower + 19, tickText(v, xs), 11, 0, kAxis));
    }
    for (double v : yt) {
      ops.push_back(line(left, py(v), right, py(v), kGrid, 1));
      ops.push_back(line(left - 5, py(v), left, py(v), kAxis, 1));
      ops.push_back(text(left - 8, py(v) + 4, tickText(v, ys), 11, 1, kAxis));
    }
    ops.push_back(rect(left, upper, pw, ph, kWhite, 0, true, kAxis));
    ops.back().hasFill = false;
    ops.push_back(text((left + right) / 2, lower + 40, panel.xLabel, 13, 0));
    auto yl = text(cx + 16, (upper + lower) / 2, panel.yLabel, 13, 0);
    yl.vertical = true;
    ops.push_back(yl);
    auto inside = [&](double x, double y) {
      return x >= panel.xMin && x <= panel.xMax && y >= panel.yMin && y <= panel.yMax;
    };
    for (const auto& s : panel.series) {
      const std::size_t n = std::min(s.x.size(), s.y.size());
      if (s.kind == FigureSeries::Kind::Bars) {
        for (std::size_t i = 0; i < n; ++i) {
          if (s.y[i] <= 0) continue;
          const double x0 = std::max(s.x[i], panel.xMin), x1 = std::min(s.x[i] + s.barWidth, panel.xMax);
          const double y1 = std::min(s.y[i], panel.yMax);
          if (x1 <= x0) continue;
          ops.push_back(rect(px(x0), py(y1), px(x1) - px(x0), py(std::max(panel.yMin, 0.0)) - py(y1),
                             s.color, 0.85, true, kWhite));
        }
      } else if (s.kind == FigureSeries::Kind::Line) {
        for (std::size_t i = 1; i < n; ++i) {
          // Liang-Barsky clipping of the segment to the data box.
          const double xa = s.x[i - 1], ya = s.y[i - 1], dx = s.x[i] - xa, dy = s.y[i] - ya;
          double t0 = 0, t1 = 1;
          bool visible = true;
          const double pq[4][2] = {{-dx, xa - panel.xMin}, {dx, panel.xMax - xa},
                                   {-dy, ya - panel.yMin}, {dy, panel.yMax - ya}};
          for (const auto& [pp, qq] : pq) {
            if (pp == 0) {
              if (qq < 0) visible = false;
              continue;
            }
            const double t = qq / pp;
            if (pp < 0) t0 = std::max(t0, t);
            else t1 = std::min(t1, t);
          }
          if (!visible || t0 > t1) continue;
          ops.push_back(line(px(xa + t0 * dx), py(ya + t0 * dy), px(xa + t1 * dx), py(ya + t1 * dy),
                             s.color, 2.2));
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          if (!inside(s.x[i], s.y[i])) continue;
          DrawOp c;
          c.kind = DrawOp::Kind::Circle;
          c.x1 = px(s.x[i]);
          c.y1 = py(s.y[i]);
          c.x2 = 3.6;
          c.fill = s.color;
          c.hasFill = true;
          c.fillOpacity = 0.8;
          c.stroke = kWhite;
          c.width = 0.6;
          ops.push_back(c);
        }
      }
    }
    double ny = upper + 16;
    for (const auto& note : panel.notes) {
      ops.push_back(text(left + 8, ny, note, 12, -1));
      ny += 16;
    }
    // Legend: lower right corner of the plot (upper left for histograms, which rise there).
    std::vector<const FigureSeries*> labelled;
    bool bars = false;
    for (const auto& s : panel.series) {
      if (!s.label.empty()) labelled.push_back(&s);
      bars = bars || s.kind == FigureSeries::Kind::Bars;
    }
    double ly = bars ? ny + 4 : lower - 10 - 16.0 * double(labelled.size() - 1);
    const double lx = bars ? left + 178 : right;
    for (const FigureSeries* s : labelled) {
      if (s->kind == FigureSeries::Kind::Line) ops.push_back(line(lx - 170, ly - 4, lx - 152, ly - 4, s->color, 2.2));
      else ops.push_back(rect(lx - 166, ly - 9, 10, 10, s->color, 0.85, false, kWhite));
      ops.push_back(text(lx - 146, ly, s->label, 11, -1));
      ly += 16;
    }
  }
  return ops;
}

std::string FigureRenderer::toSvg(const std::vector<DrawOp>& ops, int width, int height) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "version=\"1.1\" width=\"" + std::to_string(width) + "\" height=\"" +
                  std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(height) + "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n";
  for (const auto& op : ops) {
    switch (op.kind) {
      case DrawOp::Kind::Line:
        s += "<line x1=\"" + num(op.x1) + "\" y1=\"" + num(op.y1) + "\" x2=\"" + num(op.x2) +
             "\" y2=\"" + num(op.y2) + "\" stroke=\"" + colour(op.stroke) + "\" stroke-width=\"" +
             num(op.width) + "\"/>\n";
        break;
      case DrawOp::Kind::Circle:
        s += "<circle cx=\"" + num(op.x1) + "\" cy=\"" + num(op.y1) + "\" r=\"" + num(op.x2) +
             "\" fill=\"" + colour(op.fill) + "\" fill-opacity=\"" + num(op.fillOpacity) + "\"" +
             (op.hasStroke ? " stroke=\"" + colour(op.stroke) + "\" stroke-width=\"" + num(op.width) + "\""
                           : std::string()) + "/>\n";
        break;
      case DrawOp::Kind::Rect:
        s += "<rect x=\"" + num(op.x1) + "\" y=\"" + num(op.y1) + "\" width=\"" + num(op.x2) +
             "\" height=\"" + num(op.y2) + "\" fill=\"" +
             (op.hasFill ? colour(op.fill) : std::string("none")) + "\"" +
             (op.hasFill && op.fillOpacity < 1 ? " fill-opacity=\"" + num(op.fillOpacity) + "\"" : std::string()) +
             (op.hasStroke ? " stroke=\"" + colour(op.stroke) + "\" stroke-width=\"" + num(op.width) + "\""
                           : std::string()) + "/>\n";
        break;
      case DrawOp::Kind::Text: {
        const char* anchor = op.anchor < 0 ? "start" : op.anchor > 0 ? "end" : "middle";
        s += "<text x=\"" + num(op.x1) + "\" y=\"" + num(op.y1) + "\" font-size=\"" + num(op.fontSize) +
             "\" text-anchor=\"" + anchor + "\" fill=\"" + colour(op.fill) + "\"" +
             (op.bold ? " font-weight=\"bold\"" : "") +
             (op.vertical ? " transform=\"rotate(-90 " + num(op.x1) + " " + num(op.y1) + ")\"" : std::string()) +
             ">" + esc(op.text) + "</text>\n";
        break;
      }
    }
  }
  return s + "</svg>\n";
}

void FigureRenderer::writeSvg(const Figure& figure, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw FormatError(path + ": cannot create the file");
  out << toSvg(layout(figure), figure.width, figure.height);
  out.close();
  if (!out) throw FormatError(path + ": could not write the whole figure");
}

}  // namespace cxr::format
