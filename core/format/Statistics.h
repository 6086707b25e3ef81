#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace cxr::format {

/// Least-squares line y = slope * x + intercept.
struct FittedLine {
  double slope = 0;
  double intercept = 0;
};

/// Five-number-style summary of one sample.
struct SampleSummary {
  std::size_t n = 0;
  double mean = 0, median = 0, q1 = 0, q3 = 0, min = 0, max = 0;
  double iqr() const { return q3 - q1; }
};

/// Equal-width histogram over [lo, hi]: counts[i] holds lo + i*w <= x < lo + (i+1)*w, the last
/// bin also holds x == hi (numpy.histogram's rule).
struct Histogram {
  double lo = 0, hi = 0;
  std::vector<std::size_t> counts;
  double binWidth() const { return counts.empty() ? 0 : (hi - lo) / double(counts.size()); }
};

/// Statistics of the RCA-versus-expert validation (review-metrics.md): exact two-pass sums in
/// double precision. Functions taking two samples require equal sizes (std::invalid_argument
/// otherwise); results that are undefined (fewer than 2 values, a constant sample) are nullopt,
/// never 0.
class Statistics {
 public:
  static double mean(const std::vector<double>& x);
  /// Quantile q in [0, 1] with linear interpolation between order statistics (numpy's default);
  /// nullopt for an empty sample.
  static std::optional<double> quantile(std::vector<double> x, double q);
  static std::optional<SampleSummary> summary(const std::vector<double>& x);
  /// Pearson's product-moment correlation.
  static std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y);
  /// Ranks 1..n, tied values get the mean of the ranks they span.
  static std::vector<double> ranks(const std::vector<double>& x);
  /// Spearman's rho = Pearson's r of the (tie-averaged) ranks (scipy.stats.spearmanr).
  static std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y);
  /// Mean absolute difference |x - y|; nullopt for empty samples.
  static std::optional<double> meanAbsoluteError(const std::vector<double>& x,
                                                 const std::vector<double>& y);
  /// Ordinary least squares of y on x; nullopt when x is constant or n < 2.
  static std::optional<FittedLine> fitLine(const std::vector<double>& x, const std::vector<double>& y);
  /// Equal-width histogram with `bins` bins over [lo, hi] (values outside are not counted).
  static Histogram histogram(const std::vector<double>& x, int bins, double lo, double hi);
  /// Index of the bin of `value` in the histogram's rule, or -1 when outside [lo, hi].
  static int binOf(const Histogram& h, double value);
};

}  // namespace cxr::format
