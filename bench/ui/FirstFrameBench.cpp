// Time from asking the main window for an image to the first frame with its overlay (the real
// application path: case load on the store thread, decode on a worker, window/level render,
// contours, one paint of the view), for the 1024 NIH PNG and a 3000 x 3000 DICOM (12 bits in
// 16-bit words, as CR/DX store them), and a worklist page fetch through the table model.
// Offscreen platform; wall time per iteration (manual timing).
#include "core/image/SyntheticDataset.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ReviewSession.h"
#include "ui/widgets/WorklistTableModel.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QThread>

#include <filesystem>

using namespace cxr;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::string db;
  std::vector<QString> ids;  // alternating images so every open is a real load
  std::unique_ptr<widgets::MainWindow> window;
};

bool pump(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return true;
}

Fixture& fixture(int side) {
  static std::map<int, Fixture> fixtures;
  Fixture& f = fixtures[side];
  if (f.window) return f;
  const fs::path dir = fs::temp_directory_path() / ("cxr-firstframe-" + std::to_string(side));
  fs::remove_all(dir);
  fs::create_directories(dir);
  f.db = (dir / "bench.cxrdb").string();
  store::ReviewStore store(f.db);
  store::CsvImportOptions options;
  if (side == 1024 && fs::exists(test::sharedData("images/nih/00001437_024.png"))) {
    options.imageRoot = test::sharedData("images/nih").string();
    store::CheXmaskImporter(store).importFile(test::sharedData("chexmask/ChestX-Ray8.csv").string(), options);
    f.ids = {"00001437_024.png"};
  }
  {
    image::SyntheticDatasetOptions synth;
    synth.count = 2;
    synth.dicom = side != 1024;
    synth.image.width = synth.image.height = side;
    synth.originalResolution = true;
    const auto files = image::SyntheticDataset::write((dir / "images").string(), synth);
    options.imageRoot = (dir / "images").string();
    options.dataset = "synthetic";
    store::CheXmaskImporter(store).importFile((dir / "images" / "ground_truth.csv").string(), options);
    for (const auto& file : files)
      if (f.ids.size() < 2) f.ids.push_back(QString::fromStdString(fs::path(file).filename().string()));
  }
  f.window = std::make_unique<widgets::MainWindow>();
  f.window->resize(1400, 900);
  f.window->show();
  f.window->openDatabase(QString::fromStdString(f.db), "bench");
  pump([&] { return f.window->session().databaseOpen(); }, 10000);
  return f;
}

void BM_FirstFrameWithOverlay(benchmark::State& state) {
  Fixture& f = fixture(int(state.range(0)));
  int i = 0;
  for (auto _ : state) {
    QSignalSpy shown(f.window.get(), &widgets::MainWindow::caseShown);
    QElapsedTimer t;
    t.start();
    f.window->openImage(f.ids[size_t(i++ % 2)]);
    if (!pump([&] { return shown.count() > 0; }, 30000)) {
      state.SkipWithError("the case did not open");
      break;
    }
    f.window->imageView().viewport()->repaint();  // the first frame, painted synchronously
    state.SetIterationTime(t.nsecsElapsed() / 1e9);
  }
}
BENCHMARK(BM_FirstFrameWithOverlay)->Arg(1024)->Arg(3000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
