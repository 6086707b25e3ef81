// engine_bench: throughput of the engine's pipelines on synthetic radiographs.
//   import-images (hash + full decode + register)  and  segment (decode + preprocess +
//   inference + back-projection/masks/RLE + SQLite writer), for several worker/batch settings.
// The inference stage is the deterministic fake model unless --model WEIGHTS is given (and the
// binary was built with cxr_model), so the figures isolate the engine's own cost.
// Usage: engine_bench [--images N] [--side PIXELS] [--model WEIGHTS] [--device cpu|cuda]
#include "core/engine/FolderImporter.h"
#include "core/engine/ImageFilePreparer.h"
#include "core/engine/SegmentJob.h"
#include "core/store/ReviewStore.h"
#include "core/image/SyntheticRadiograph.h"
#include "tests/engine/EngineTestSupport.h"
#include "tests/engine/FakeStages.h"
#ifdef CXR_BENCH_WITH_MODEL
#include "core/engine/ModelSegmenter.h"
#endif

#include <sys/resource.h>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace cxr::engine;

namespace {

struct Args {
  int images = 100;
  int side = 1024;
  std::string model, device = "cpu";
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--images")) a.images = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--side")) a.side = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--model")) a.model = argv[i + 1];
    else if (!std::strcmp(argv[i], "--device")) a.device = argv[i + 1];
  }
  return a;
}

void writeImages(const fs::path& folder, int count, int side) {
  fs::create_directories(folder);
  for (int i = 0; i < count; ++i) {
    cxr::image::SyntheticOptions o;
    o.width = side;
    o.height = side - side / 8;  // non-square: the padding path is exercised
    const auto image = cxr::image::SyntheticRadiograph::generate(uint64_t(i + 1), o);
    cxr::image::SyntheticRadiograph::writePng(image, (folder / ("img_" + std::to_string(i) + ".png")).string());
  }
}

std::unique_ptr<Segmenter> makeSegmenter(const Args& a, int batch, std::string& name) {
#ifdef CXR_BENCH_WITH_MODEL
  if (!a.model.empty()) {
    cxr::model::SessionOptions o;
    o.device = cxr::model::parseDevice(a.device);
    o.batchSize = batch;
    name = "hybridgnet";
    return std::make_unique<ModelSegmenter>(cxr::model::InferenceSession::open(a.model, o));
  }
#endif
  name = "fake";
  return std::make_unique<test::FakeSegmenter>(256);
}

}  // namespace

// Process CPU time (user + system, every thread) in seconds: on a shared machine the cost per
// image that projects to other core counts, where wall-clock rates depend on the load.
double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const fs::path dir = fs::temp_directory_path() / ("cxr-engine-bench-" + std::to_string(::getpid()));
  writeImages(dir / "images", args.images, args.side);
  std::printf("%d synthetic PNG radiographs, %d x %d\n\n", args.images, args.side, args.side - args.side / 8);
  std::printf("| stage | model | workers | batch | images | seconds | images/s | CPU ms/image |\n|---|---|---|---|---|---|---|---|\n");
  for (int workers : {1, 2}) {
    const fs::path db = dir / ("import" + std::to_string(workers) + ".db");
    cxr::store::ReviewStore store(db.string());
    NullProgressSink sink;
    FolderImportOptions o;
    o.dataset = "bench";
    o.pipeline.workers = workers;
    const double cpu0 = cpuSeconds();
    const FolderImportResult r = FolderImporter(store).importFolder((dir / "images").string(), o, sink, {});
    const double cpu = cpuSeconds() - cpu0;
    std::printf("| import-images | - | %d | - | %lld | %.2f | %.1f | %.1f |\n", workers, (long long)r.imported, r.seconds,
                double(r.imported) / r.seconds, cpu * 1000.0 / double(std::max<int64_t>(1, r.imported)));
  }
  for (int workers : {1, 2}) {
    for (int batch : {1, 4}) {
      const fs::path db = dir / ("seg" + std::to_string(workers) + "_" + std::to_string(batch) + ".db");
      fs::copy_file(dir / "import1.db", db);
      cxr::store::ReviewStore store(db.string());
      std::string name;
      std::unique_ptr<Segmenter> segmenter = makeSegmenter(args, batch, name);
      SegmentJobOptions o;
      o.pipeline.workers = workers;
      o.pipeline.batchSize = batch;
      NullProgressSink sink;
      ImageFilePreparer preparer;
      cxr::store::ModelInfo info = test::fakeModelInfo(segmenter->inputSize());
      info.name = name;
      const double cpu0 = cpuSeconds();
      const RunSummary s = SegmentJob(store, info, o).run(preparer, *segmenter, sink, {});
      const double cpu = cpuSeconds() - cpu0;
      std::printf("| segment | %s | %d | %d | %lld | %.2f | %.1f | %.1f |\n", name.c_str(), workers, batch,
                  (long long)s.succeeded, s.seconds, s.imagesPerSecond,
                  cpu * 1000.0 / double(std::max<int64_t>(1, s.succeeded)));
    }
  }
  fs::remove_all(dir);
  return 0;
}
