// Expected values computed independently with Python 3.11's statistics module
// (statistics.correlation, statistics.linear_regression, statistics.quantiles(method='inclusive'))
// and, for Spearman, Pearson of tie-averaged ranks written out by hand; small cases by hand.
#include "core/format/Statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using cxr::format::Statistics;

namespace {
const std::vector<double> kX = {0.91, 0.85, 0.85, 0.72, 0.99, 0.60, 0.85, 0.78, 0.93, 0.70};
const std::vector<double> kY = {0.95, 0.80, 0.88, 0.70, 0.97, 0.66, 0.83, 0.81, 0.90, 0.75};
}  // namespace

TEST(StatisticsTest, PearsonMatchesPython) {
  EXPECT_NEAR(*Statistics::pearson(kX, kY), 0.9480660744873238, 1e-14);
}

TEST(StatisticsTest, SpearmanAveragesTiedRanks) {
  const auto r = Statistics::ranks(kX);
  const std::vector<double> expected = {8, 6, 6, 3, 10, 1, 6, 4, 9, 2};
  EXPECT_EQ(r, expected);
  EXPECT_NEAR(*Statistics::spearman(kX, kY), 0.9387209722839687, 1e-14);
}

TEST(StatisticsTest, SpearmanByHandOnASmallSample) {
  // x ranks 1..5; y = {2,4,5,4,5} ranks {1, 2.5, 4.5, 2.5, 4.5}: sum d^2 formula does not apply
  // with ties; Pearson of the ranks: sxy = 7, sxx = 10, syy = 9 -> 7 / sqrt(90).
  EXPECT_NEAR(*Statistics::spearman({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}), 7.0 / std::sqrt(90.0), 1e-15);
  // Monotone but non-linear: rho = 1, r < 1.
  EXPECT_DOUBLE_EQ(*Statistics::spearman({1, 2, 3, 4}, {1, 8, 27, 64}), 1.0);
  EXPECT_LT(*Statistics::pearson({1, 2, 3, 4}, {1, 8, 27, 64}), 0.99);
}

TEST(StatisticsTest, MaeAndFittedLineMatchPython) {
  EXPECT_NEAR(*Statistics::meanAbsoluteError(kX, kY), 0.035, 1e-15);
  const auto line = Statistics::fitLine(kX, kY);
  ASSERT_TRUE(line);
  EXPECT_NEAR(line->slope, 0.8211794546607482, 1e-13);
  EXPECT_NEAR(line->intercept, 0.153275206087508, 1e-13);
  // By hand: y = {2,4,5,4,5} on x = 1..5: slope 0.6, intercept 2.2.
  const auto small = Statistics::fitLine({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5});
  EXPECT_NEAR(small->slope, 0.6, 1e-15);
  EXPECT_NEAR(small->intercept, 2.2, 1e-14);
}

TEST(StatisticsTest, SummaryUsesLinearInterpolation) {
  const auto s = Statistics::summary(kX);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->n, 10u);
  EXPECT_NEAR(s->mean, 0.818, 1e-15);
  EXPECT_NEAR(s->median, 0.85, 1e-15);
  EXPECT_NEAR(s->q1, 0.735, 1e-15);
  EXPECT_NEAR(s->q3, 0.895, 1e-15);
  EXPECT_NEAR(s->iqr(), 0.16, 1e-15);
  EXPECT_DOUBLE_EQ(s->min, 0.60);
  EXPECT_DOUBLE_EQ(s->max, 0.99);
  EXPECT_DOUBLE_EQ(*Statistics::quantile({1, 2, 3, 4}, 0.5), 2.5);
}

TEST(StatisticsTest, UndefinedResultsAreMissingNotZero) {
  EXPECT_FALSE(Statistics::pearson({1}, {2}));
  EXPECT_FALSE(Statistics::pearson({1, 1, 1}, {1, 2, 3}));  // constant sample
  EXPECT_FALSE(Statistics::spearman({1, 2, 3}, {4, 4, 4}));
  EXPECT_FALSE(Statistics::fitLine({2, 2}, {1, 3}));
  EXPECT_FALSE(Statistics::meanAbsoluteError({}, {}));
  EXPECT_FALSE(Statistics::summary({}));
  EXPECT_THROW(Statistics::pearson({1, 2}, {1, 2, 3}), std::invalid_argument);
}

TEST(StatisticsTest, HistogramFollowsNumpyBinEdges) {
  // By hand: bins [0.7,0.8) [0.8,0.9) [0.9,1.0], 1.0 in the last, 0.69 outside -> 3, 1, 2
  const auto h = Statistics::histogram({0.7, 0.73, 0.75, 0.8, 0.99, 1.0, 0.69}, 3, 0.7, 1.0);
  ASSERT_EQ(h.counts.size(), 3u);
  EXPECT_EQ(h.counts[0], 3u);
  EXPECT_EQ(h.counts[1], 1u);
  EXPECT_EQ(h.counts[2], 2u);
  EXPECT_EQ(Statistics::binOf(h, 1.0), 2);
  EXPECT_EQ(Statistics::binOf(h, 0.69), -1);
  EXPECT_NEAR(h.binWidth(), 0.1, 1e-15);
}
