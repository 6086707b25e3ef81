#include "core/format/Statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace cxr::format {

namespace {

void requireSameSize(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size())
    throw std::invalid_argument("statistics: samples of different sizes (" +
                                std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")");
}

}  // namespace

double Statistics::mean(const std::vector<double>& x) {
  if (x.empty()) return std::nan("");
  double s = 0;
  for (double v : x) s += v;
  return s / double(x.size());
}

std::optional<double> Statistics::quantile(std::vector<double> x, double q) {
  if (x.empty()) return std::nullopt;
  std::sort(x.begin(), x.end());
  const double pos = q * double(x.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(pos));
  const std::size_t upper = std::min(lower + 1, x.size() - 1);
  const double frac = pos - double(lower);
  return x[lower] + (x[upper] - x[lower]) * frac;
}

std::optional<SampleSummary> Statistics::summary(const std::vector<double>& x) {
  if (x.empty()) return std::nullopt;
  SampleSummary s;
  s.n = x.size();
  s.mean = mean(x);
  s.median = *quantile(x, 0.5);
  s.q1 = *quantile(x, 0.25);
  s.q3 = *quantile(x, 0.75);
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  s.min = *lo;
  s.max = *hi;
  return s;
}

std::optional<double> Statistics::pearson(const std::vector<double>& x, const std::vector<double>& y) {
  requireSameSize(x, y);
  if (x.size() < 2) return std::nullopt;
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  const double r = sxy / std::sqrt(sxx * syy);
  return std::clamp(r, -1.0, 1.0);
}

std::vector<double> Statistics::ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && x[order[j]] == x[order[i]]) ++j;
    const double rank = (double(i + 1) + double(j)) / 2.0;  // mean of ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k) r[order[k]] = rank;
    i = j;
  }
  return r;
}

std::optional<double> Statistics::spearman(const std::vector<double>& x, const std::vector<double>& y) {
  requireSameSize(x, y);
  return pearson(ranks(x), ranks(y));
}

std::optional<double> Statistics::meanAbsoluteError(const std::vector<double>& x,
                                                    const std::vector<double>& y) {
  requireSameSize(x, y);
  if (x.empty()) return std::nullopt;
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += std::fabs(x[i] - y[i]);
  return s / double(x.size());
}

std::optional<FittedLine> Statistics::fitLine(const std::vector<double>& x, const std::vector<double>& y) {
  requireSameSize(x, y);
  if (x.size() < 2) return std::nullopt;
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  if (sxx <= 0) return std::nullopt;
  FittedLine line;
  line.slope = sxy / sxx;
  line.intercept = my - line.slope * mx;
  return line;
}

int Statistics::binOf(const Histogram& h, double value) {
  const int bins = int(h.counts.size());
  if (bins == 0 || !(value >= h.lo) || !(value <= h.hi)) return -1;
  if (h.hi <= h.lo) return 0;
  const double width = (h.hi - h.lo) / bins;
  int b = std::clamp(int(std::floor((value - h.lo) / width)), 0, bins - 1);
  // Compare against the edges themselves (lo + i * width), as numpy does after its estimate.
  if (b > 0 && value < h.lo + b * width) --b;
  else if (b < bins - 1 && value >= h.lo + (b + 1) * width) ++b;
  return b;
}

Histogram Statistics::histogram(const std::vector<double>& x, int bins, double lo, double hi) {
  if (bins < 1) throw std::invalid_argument("statistics: a histogram needs at least one bin");
  Histogram h;
  h.lo = lo;
  h.hi = hi;
  h.counts.assign(std::size_t(bins), 0);
  for (double v : x) {
    const int b = binOf(h, v);
    if (b >= 0) ++h.counts[std::size_t(b)];
  }
  return h;
}

}  // namespace cxr::format
