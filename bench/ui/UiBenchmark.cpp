// Interaction layer: WindowLevelModel::render, the edit model's drag step, live metrics and
// anatomy guards, and (with the image view) frame times while dragging a landmark, changing the
// window and zooming on a 3000 x 3000 16-bit image, on Qt's offscreen platform. Qt 6 scales
// and converts large images on worker threads, so the view benchmarks report wall time and
// the whole process's CPU time.
#include "tests/common/EllipseLandmarks.h"
#include "ui/editor/AnatomyGuards.h"
#include "ui/editor/LandmarkEditModel.h"
#include "ui/editor/LiveMetrics.h"
#include "ui/editor/ViewTransform.h"
#include "ui/editor/WindowLevelModel.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#ifdef CXR_BENCH_IMAGE_VIEW
#include "ui/widgets/ImageView.h"
#include "ui/widgets/LandmarkOverlayItem.h"

#include <QApplication>
#include <QPaintEvent>
#include <QPainter>
#endif

using namespace cxr;

namespace {

constexpr int kSide = 3000;

// A 3000 x 3000 image of 12-bit integer values (as a 16-bit DICOM), smooth structure plus noise.
std::shared_ptr<const std::vector<float>> syntheticImage(int side) {
  auto pixels = std::make_shared<std::vector<float>>(size_t(side) * size_t(side));
  uint32_t state = 12345;
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      state = state * 1664525u + 1013904223u;
      const double v = 2000 + 1400 * std::sin(x / 230.0) * std::cos(y / 310.0) + double(state >> 24);
      (*pixels)[size_t(y) * size_t(side) + size_t(x)] = float(std::round(std::clamp(v, 0.0, 4095.0)));
    }
  return pixels;
}

format::LandmarkSet landmarks(int side) { return test::ellipseLandmarks().scaled(side / 1024.0); }

void BM_WindowLevelRender(benchmark::State& state) {
  const int side = int(state.range(0));
  const auto pixels = syntheticImage(side);
  editor::WindowLevelModel wl;
  wl.reset(0, 4095, std::make_pair(2000.0, 3000.0), false);
  for (auto _ : state) benchmark::DoNotOptimize(wl.render(pixels->data(), side, side));
  state.counters["Mpx/s"] = benchmark::Counter(double(side) * side * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WindowLevelRender)->Arg(1024)->Arg(3000)->Unit(benchmark::kMillisecond);

// One drag step of the edit model (no view): hit test at press, then the preview per move.
void BM_ModelDragStep(benchmark::State& state) {
  editor::LandmarkEditModel model;
  editor::ViewTransform view;
  view.set(0.3, QPointF(0, 0));
  model.setViewTransform(&view);
  model.setImageSize(QSize(kSide, kSide));
  model.setLandmarks(landmarks(kSide), false);
  model.setSoftDragEnabled(state.range(0) != 0);
  const QPointF p(model.landmarks()[10].x, model.landmarks()[10].y);
  model.press({p, view.imageToScreen(p), Qt::LeftButton, Qt::NoModifier});
  int step = 0;
  for (auto _ : state) {
    const QPointF to = p + QPointF(40 + (step++ % 2) * 5, 20);
    model.drag({to, view.imageToScreen(to), Qt::NoButton, Qt::NoModifier});
  }
}
BENCHMARK(BM_ModelDragStep)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_LiveMetricsCompare(benchmark::State& state) {
  const format::LandmarkSet reference = landmarks(kSide);
  format::LandmarkSet edited = reference;
  for (int i = 94; i < 120; ++i) edited[i].x += 25;
  for (auto _ : state)
    benchmark::DoNotOptimize(editor::LiveMetrics::compareToReference(edited, reference, kSide, kSide, int(state.range(0))));
}
BENCHMARK(BM_LiveMetricsCompare)->Arg(256)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_AnatomyGuards(benchmark::State& state) {
  const format::LandmarkSet set = landmarks(kSide);
  for (auto _ : state) benchmark::DoNotOptimize(editor::AnatomyGuards::check(set));
}
BENCHMARK(BM_AnatomyGuards)->Unit(benchmark::kMicrosecond);

#ifdef CXR_BENCH_IMAGE_VIEW

// Counts paint events of the viewport and the area they covered.
class PaintCounter : public QObject {
 public:
  int paints = 0;
  double area = 0;
  bool eventFilter(QObject*, QEvent* event) override {
    if (event->type() == QEvent::Paint) {
      ++paints;
      for (const QRect& r : static_cast<QPaintEvent*>(event)->region()) area += double(r.width()) * r.height();
    }
    return false;
  }
};

// A shown 1280 x 1024 view of the 3000 x 3000 image with the landmarks, fitted.
struct ViewFixture {
  std::shared_ptr<const std::vector<float>> pixels = syntheticImage(kSide);
  editor::LandmarkEditModel model;
  widgets::ImageView view;
  QImage frame;
  explicit ViewFixture(bool filled) {
    view.resize(1280, 1024);
    view.setImage(pixels, kSide, kSide, 0, 4095, false, std::make_pair(2000.0, 3000.0));
    model.setLandmarks(landmarks(kSide), false);
    view.setEditModel(&model);
    editor::OverlayStyle style;
    style.filledMasks = filled;
    view.setOverlayStyle(style);
    view.show();
    QCoreApplication::processEvents();
    frame = QImage(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
  }
  ~ViewFixture() { view.setEditModel(nullptr); }
  // The whole viewport painted into `frame`.
  void renderFullFrame() { view.viewport()->render(&frame); }
  void pressOn(int index) {
    const QPointF image(model.landmarks()[index].x, model.landmarks()[index].y);
    model.press({image, view.viewTransform().imageToScreen(image), Qt::LeftButton, Qt::NoModifier});
  }
  void dragStep(int step, QPointF from) {
    const QPointF to = from + QPointF(30 + (step % 8) * 4, 10 + (step % 5) * 3);
    model.drag({to, view.viewTransform().imageToScreen(to), Qt::NoButton, Qt::NoModifier});
  }
};

// Full frame after each drag step: the whole viewport re-rendered into an offscreen QImage.
void BM_ViewDragFullFrame(benchmark::State& state) {
  ViewFixture f(state.range(0) != 0);
  f.pressOn(10);
  const QPointF from(f.model.landmarks()[10].x, f.model.landmarks()[10].y);
  int step = 0;
  for (auto _ : state) {
    f.dragStep(step++, from);
    f.renderFullFrame();
  }
}
BENCHMARK(BM_ViewDragFullFrame)->ArgName("filled")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// What the application does: a drag step, then Qt repaints only the dirty region into the
// window's (offscreen) backing store.
void BM_ViewDragIncrementalFrame(benchmark::State& state) {
  ViewFixture f(state.range(0) != 0);
  PaintCounter counter;
  f.view.viewport()->installEventFilter(&counter);
  f.pressOn(10);
  const QPointF from(f.model.landmarks()[10].x, f.model.landmarks()[10].y);
  int step = 0;
  for (auto _ : state) {
    f.dragStep(step++, from);
    const int before = counter.paints;
    for (int k = 0; k < 4 && counter.paints == before; ++k) QCoreApplication::processEvents();
  }
  f.view.viewport()->removeEventFilter(&counter);
  const double frames = double(counter.paints);
  state.counters["paints/step"] = frames / double(state.iterations());
  state.counters["dirty%"] = frames > 0 ? 100.0 * counter.area / frames / (1280.0 * 1024.0) : 0.0;
}
BENCHMARK(BM_ViewDragIncrementalFrame)->ArgName("filled")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// Right-drag step: re-window the 9 Mpx image, rebuild the pyramid and the screen cache, paint.
void BM_ViewWindowDragFrame(benchmark::State& state) {
  ViewFixture f(false);
  int step = 0;
  for (auto _ : state) {
    f.view.windowLevel().dragBy((step++ % 2) ? 3 : -3, 1);
    f.renderFullFrame();
  }
}
BENCHMARK(BM_ViewWindowDragFrame)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// Wheel zoom step: new scale, the screen cache resampled from the pyramid, full frame.
void BM_ViewZoomFrame(benchmark::State& state) {
  ViewFixture f(false);
  int step = 0;
  for (auto _ : state) {
    f.view.zoomBy((step++ % 2) ? 1.25 : 0.8);
    f.renderFullFrame();
  }
}
BENCHMARK(BM_ViewZoomFrame)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

#endif

}  // namespace

int main(int argc, char** argv) {
#ifdef CXR_BENCH_IMAGE_VIEW
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
