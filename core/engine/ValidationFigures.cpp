#include "core/engine/ValidationFigures.h"

#include "core/format/NumberText.h"
#include "core/format/Statistics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace cxr::engine {

namespace {

using format::FigureSeries;
using format::NumberText;

std::string fixed(const std::optional<double>& v, int digits) {
  return v ? NumberText::fixed(*v, digits) : std::string("n/a");
}

double floorTo(double v, double step) { return std::floor(v / step) * step; }

}  // namespace

const char* toString(RcaKind kind) { return kind == RcaKind::Max ? "Dice RCA (Max)" : "Dice RCA (Mean)"; }

std::optional<double> ValidationFigures::rca(const ValidationRow& row, RcaKind kind) {
  return kind == RcaKind::Max ? row.rcaMax : row.rcaMean;
}

format::Figure ValidationFigures::scatter(const std::vector<ValidationRow>& rows, RcaKind kind,
                                          ValidationOrgan organ, const std::string& reader) {
  format::Figure fig;
  fig.width = 820;
  fig.height = 720;
  const std::string yName = organ == ValidationOrgan::Combined ? "Dice GT"
                            : organ == ValidationOrgan::Lungs  ? "Dice Lungs"
                                                               : "Dice Heart";
  fig.title = std::string("True Dice against ") + toString(kind) + " - reader " + reader;
  format::FigurePanel p;
  p.xLabel = toString(kind);
  p.yLabel = yName + " (model vs " + reader + ")";
  std::map<std::string, FigureSeries> byDataset;
  std::vector<double> xs, ys;
  double lo = 1;
  for (const auto& r : rows) {
    const auto x = rca(r, kind);
    if (!x) continue;
    const double y = trueDice(r, organ);
    auto& s = byDataset[r.dataset];
    s.x.push_back(*x);
    s.y.push_back(y);
    xs.push_back(*x);
    ys.push_back(y);
    lo = std::min({lo, *x, y});
  }
  lo = std::max(0.0, floorTo(lo - 0.02, 0.05));
  p.xMin = p.yMin = lo;
  p.xMax = p.yMax = 1.005;  // a margin keeps points at 1.0 off the frame
  FigureSeries identity;
  identity.kind = FigureSeries::Kind::Line;
  identity.label = "y = x";
  identity.color = {150, 150, 150};
  identity.x = {lo, 1.0};
  identity.y = {lo, 1.0};
  p.series.push_back(identity);
  std::size_t colour = 0;
  for (auto& [name, s] : byDataset) {
    s.kind = FigureSeries::Kind::Points;
    s.label = (name.empty() ? "(no dataset)" : name) + " (" + std::to_string(s.x.size()) + ")";
    s.color = format::FigureRenderer::palette(colour++);
    p.series.push_back(s);
  }
  const auto line = format::Statistics::fitLine(xs, ys);
  if (line) {
    FigureSeries fit;
    fit.kind = FigureSeries::Kind::Line;
    fit.label = "least squares";
    fit.color = {0, 0, 0};
    fit.x = {lo, 1.0};
    fit.y = {line->slope * lo + line->intercept, line->slope + line->intercept};
    p.series.push_back(fit);
  }
  p.notes.push_back("n = " + std::to_string(xs.size()));
  p.notes.push_back("Pearson r = " + fixed(xs.size() > 1 ? format::Statistics::pearson(xs, ys) : std::nullopt, 3));
  p.notes.push_back("Spearman rho = " + fixed(xs.size() > 1 ? format::Statistics::spearman(xs, ys) : std::nullopt, 3));
  p.notes.push_back("MAE = " + fixed(format::Statistics::meanAbsoluteError(xs, ys), 4));
  if (line)
    p.notes.push_back("fit: y = " + NumberText::fixed(line->slope, 3) + " x " +
                      (line->intercept < 0 ? "- " : "+ ") + NumberText::fixed(std::fabs(line->intercept), 3));
  fig.panels.push_back(std::move(p));
  return fig;
}

format::Figure ValidationFigures::histograms(const std::vector<ValidationRow>& rows, int bins) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> byDataset;
  double lo = 1;
  for (const auto& r : rows) {
    auto& d = byDataset[r.dataset];
    if (r.rcaMax) {
      d.first.push_back(*r.rcaMax);
      lo = std::min(lo, *r.rcaMax);
    }
    if (r.rcaMean) {
      d.second.push_back(*r.rcaMean);
      lo = std::min(lo, *r.rcaMean);
    }
  }
  lo = std::max(0.0, floorTo(lo - 0.01, 0.05));
  format::Figure fig;
  fig.title = "RCA per dataset";
  fig.columns = std::min<int>(3, std::max<int>(1, int(byDataset.size())));
  const int rowsOfPanels = int((byDataset.size() + fig.columns - 1) / fig.columns);
  fig.width = 420 * fig.columns;
  fig.height = 40 + 360 * std::max(1, rowsOfPanels);
  for (const auto& [name, values] : byDataset) {
    format::FigurePanel p;
    p.title = name.empty() ? "(no dataset)" : name;
    p.xLabel = "Dice RCA";
    p.yLabel = "images";
    p.xMin = lo;
    p.xMax = 1.0;
    const auto hMax = format::Statistics::histogram(values.first, bins, lo, 1.0);
    const auto hMean = format::Statistics::histogram(values.second, bins, lo, 1.0);
    std::size_t top = 1;
    const double w = hMax.binWidth();
    FigureSeries sMax, sMean;
    sMax.kind = sMean.kind = FigureSeries::Kind::Bars;
    sMax.label = "RCA Max (" + std::to_string(values.first.size()) + ")";
    sMean.label = "RCA Mean (" + std::to_string(values.second.size()) + ")";
    sMax.color = format::FigureRenderer::palette(0);
    sMean.color = format::FigureRenderer::palette(1);
    sMax.barWidth = sMean.barWidth = w / 2;
    for (int b = 0; b < bins; ++b) {
      sMax.x.push_back(lo + b * w);
      sMax.y.push_back(double(hMax.counts[std::size_t(b)]));
      sMean.x.push_back(lo + b * w + w / 2);
      sMean.y.push_back(double(hMean.counts[std::size_t(b)]));
      top = std::max({top, hMax.counts[std::size_t(b)], hMean.counts[std::size_t(b)]});
    }
    p.yMin = 0;
    p.yMax = double(top) * 1.25 + 0.5;
    p.series = {sMax, sMean};
    fig.panels.push_back(std::move(p));
  }
  return fig;
}

}  // namespace cxr::engine
