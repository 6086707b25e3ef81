// Statistics and figures at CheXmask scale: correlations over 657,566 images (the whole release)
// and the SVG of a scatter with that many points (what `validate` would draw for a full run).
#include "core/format/Figure.h"
#include "core/format/Statistics.h"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using cxr::format::Statistics;

std::pair<std::vector<double>, std::vector<double>> sample(std::size_t n) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 0.03);
  std::uniform_real_distribution<double> rca(0.6, 0.95);
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = rca(rng);
    y[i] = std::min(1.0, x[i] + 0.05 + noise(rng));
  }
  return {x, y};
}

void BM_Pearson(benchmark::State& state) {
  const auto [x, y] = sample(std::size_t(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(Statistics::pearson(x, y));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Pearson)->Arg(156)->Arg(657566)->Unit(benchmark::kMillisecond);

void BM_Spearman(benchmark::State& state) {
  const auto [x, y] = sample(std::size_t(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(Statistics::spearman(x, y));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Spearman)->Arg(156)->Arg(657566)->Unit(benchmark::kMillisecond);

void BM_ScatterSvg(benchmark::State& state) {
  const auto [x, y] = sample(std::size_t(state.range(0)));
  cxr::format::Figure fig;
  cxr::format::FigurePanel p;
  p.xMin = p.yMin = 0.5;
  cxr::format::FigureSeries s;
  s.x = x;
  s.y = y;
  p.series.push_back(s);
  fig.panels.push_back(p);
  for (auto _ : state) {
    const auto ops = cxr::format::FigureRenderer::layout(fig);
    benchmark::DoNotOptimize(cxr::format::FigureRenderer::toSvg(ops, fig.width, fig.height));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ScatterSvg)->Arg(156)->Arg(10000)->Arg(657566)->Unit(benchmark::kMillisecond);

}  // namespace
