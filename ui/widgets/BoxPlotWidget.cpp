#include "ui/widgets/BoxPlotWidget.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <functional>

namespace cxr::widgets {

BoxPlotWidget::BoxPlotWidget(QWidget* parent) : QWidget(parent) {
  setObjectName("agreementBoxPlot");
  setMinimumHeight(200);
}

void BoxPlotWidget::setData(const QString& metric, std::vector<Group> groups) {
  m_metric = metric;
  m_groups = std::move(groups);
  update();
}

std::pair<double, double> BoxPlotWidget::whiskers(const Group& g) {
  const double reach = 1.5 * g.summary.iqr();
  double lo = g.summary.q1, hi = g.summary.q3;
  for (double v : g.values) {
    if (v >= g.summary.q1 - reach) lo = std::min(lo, v);
    if (v <= g.summary.q3 + reach) hi = std::max(hi, v);
  }
  return {lo, hi};
}

namespace {

/// One box at x = `cx` in a slot `slot` pixels wide, its label below `bottom`.
void drawBox(QPainter& p, const QPalette& palette, const BoxPlotWidget::Group& g, double cx, double slot,
             int bottom, const std::function<double(double)>& y) {
  const QFontMetrics fm = p.fontMetrics();
  const QColor box(0, 114, 178);  // Okabe-Ito blue
  const double half = std::min(40.0, slot * 0.3);
  const auto [wlo, whi] = BoxPlotWidget::whiskers(g);
  p.setPen(QPen(palette.text().color(), 1));
  p.drawLine(QPointF(cx, y(wlo)), QPointF(cx, y(g.summary.q1)));
  p.drawLine(QPointF(cx, y(g.summary.q3)), QPointF(cx, y(whi)));
  p.drawLine(QPointF(cx - half / 2, y(wlo)), QPointF(cx + half / 2, y(wlo)));
  p.drawLine(QPointF(cx - half / 2, y(whi)), QPointF(cx + half / 2, y(whi)));
  const QRectF r(QPointF(cx - half, y(g.summary.q3)), QPointF(cx + half, y(g.summary.q1)));
  p.fillRect(r, QColor(box.red(), box.green(), box.blue(), 60));
  p.setPen(QPen(box, 1.5));
  p.drawRect(r);
  p.setPen(QPen(QColor(213, 94, 0), 2));  // median: Okabe-Ito vermillion
  p.drawLine(QPointF(cx - half, y(g.summary.median)), QPointF(cx + half, y(g.summary.median)));
  p.setPen(Qt::NoPen);
  p.setBrush(palette.text().color());
  for (double v : g.values)
    if (v < wlo || v > whi) p.drawEllipse(QPointF(cx, y(v)), 2.5, 2.5);
  p.setBrush(Qt::NoBrush);
  p.setPen(palette.text().color());
  p.drawText(QRectF(cx - slot / 2, bottom + 4, slot, fm.height()), Qt::AlignHCenter,
             QStringLiteral("%1 (n=%2)").arg(g.name).arg(g.summary.count));
}

}  // namespace

void BoxPlotWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), palette().base());
  const QFontMetrics fm = p.fontMetrics();
  std::vector<const Group*> shown;
  double lo = INFINITY, hi = -INFINITY;
  for (const Group& g : m_groups) {
    if (g.values.empty()) continue;
    shown.push_back(&g);
    lo = std::min(lo, *std::min_element(g.values.begin(), g.values.end()));
    hi = std::max(hi, *std::max_element(g.values.begin(), g.values.end()));
  }
  p.setPen(palette().text().color());
  p.drawText(QRect(0, 2, width(), fm.height()), Qt::AlignHCenter, m_metric);
  if (shown.empty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("No values"));
    return;
  }
  if (hi - lo < 1e-12) hi = lo + 1;
  const double pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const int left = fm.horizontalAdvance(QStringLiteral("0000.0000")) + 8, right = 12;
  const int top = fm.height() + 8, bottom = fm.height() + 10;
  const QRect plot(left, top, std::max(10, width() - left - right), std::max(10, height() - top - bottom));
  const std::function<double(double)> y = [&](double v) {
    return plot.bottom() - (v - lo) / (hi - lo) * plot.height();
  };
  // Axis with five ticks.
  p.setPen(palette().mid().color());
  p.drawLine(plot.bottomLeft(), plot.topLeft());
  const int decimals = hi - lo < 2 ? 3 : 1;
  for (int i = 0; i <= 4; ++i) {
    const double v = lo + (hi - lo) * i / 4.0;
    const double yy = y(v);
    p.setPen(palette().mid().color());
    p.drawLine(QPointF(plot.left() - 4, yy), QPointF(plot.right(), yy));
    p.setPen(palette().text().color());
    p.drawText(QRectF(0, yy - fm.height() / 2.0, left - 8, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(v, 'f', decimals));
  }
  const double slot = double(plot.width()) / double(shown.size());
  for (std::size_t i = 0; i < shown.size(); ++i)
    drawBox(p, palette(), *shown[i], plot.left() + slot * (double(i) + 0.5), slot, plot.bottom(), y);
}

}  // namespace cxr::widgets
