// finetune_bench: cost of fine-tuning from corrections (engine::FineTuneJob + the LibTorch
// backend) on synthetic radiographs a reader "corrected": loading + preprocessing, the base
// model's held-out evaluation, seconds per epoch, the new model's evaluation, the whole run.
// The radiographs are non-square (side x 7/8 side) with landmarks stored in original pixels,
// so the inference preprocessing (pad + resize) and the mapping to model space are exercised.
// Usage: finetune_bench [--images 40] [--epochs 3] [--side 1024] [--threads 2] [--batch 4]
//                       [--model WEIGHTS (default: the bundled demo model)] [--device cpu|cuda]
#include "core/engine/FineTuneJob.h"
#include "core/engine/ModelFineTuneBackend.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/VersionRepository.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace cxr;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  int images = 40, epochs = 3, side = 1024, threads = 2, batch = 4;
  std::string model = CXR_SOURCE_DIR "/models/hybridgnet-jsrt256.pt", device = "cpu";
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--images")) a.images = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) a.epochs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--side")) a.side = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) a.threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch")) a.batch = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--model")) a.model = argv[i + 1];
    else if (!std::strcmp(argv[i], "--device")) a.device = argv[i + 1];
  }
  return a;
}

std::string buildDatabase(const fs::path& dir, const Args& a) {
  const std::string db = (dir / "bench.cxrdb").string();
  store::ReviewStore store(db);
  store.readers().ensureReader("bench.reader");
  image::SyntheticOptions o;
  o.width = a.side;
  o.height = a.side - a.side / 8;
  for (int i = 0; i < a.images; ++i) {
    image::SyntheticCase c = image::SyntheticRadiograph::generate(9000 + uint64_t(i), o);
    for (uint8_t& v : c.grey8) v = static_cast<uint8_t>(255 - v);  // the kind the base never saw
    const fs::path file = dir / ("img_" + std::to_string(i) + ".png");
    image::SyntheticRadiograph::writePng(c, file.string());
    store::ImageRegistration reg;
    reg.image.filePath = file.string();
    reg.image.fileSha256 = store::Sha256::ofFile(file.string());
    reg.image.width = c.width;
    reg.image.height = c.height;
    store::NewVersion v;
    v.imageId = store.images().registerImage(reg);
    v.source = store::VersionSource::ReaderCorrection;
    v.author = "bench.reader";
    v.data.landmarksOriginal = c.landmarks;
    v.data.maskSpace = store::LandmarkSpace::Original;
    v.data.height = c.height;
    v.data.width = c.width;
    using format::Organ;
    using format::Rasterizer;
    v.data.rleRightLung = format::Rle::encode(Rasterizer::organMask(c.landmarks, Organ::RightLung, c.height, c.width));
    v.data.rleLeftLung = format::Rle::encode(Rasterizer::organMask(c.landmarks, Organ::LeftLung, c.height, c.width));
    v.data.rleHeart = format::Rle::encode(Rasterizer::organMask(c.landmarks, Organ::Heart, c.height, c.width));
    store::ReviewInfo review;
    review.imageId = v.imageId;
    review.reader = "bench.reader";
    review.status = store::ReviewStatus::Corrected;
    review.versionId = store.versions().addVersion(v);
    store.reviews().addReview(review);
  }
  return db;
}

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  if (!fs::exists(a.model)) {
    std::fprintf(stderr, "finetune_bench: model %s not found (--model)\n", a.model.c_str());
    return 1;
  }
  const fs::path dir = fs::temp_directory_path() / ("cxr-finetune-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto t0 = Clock::now();
  const std::string dbPath = buildDatabase(dir, a);
  std::printf("finetune_bench: %d synthetic radiographs %d x %d corrected by one reader (%.1f s to make)\n", a.images,
              a.side, a.side - a.side / 8, since(t0));
  store::ReviewStore store(dbPath);
  engine::ModelFineTuneBackend backend;
  engine::FineTuneOptions o;
  o.reader = "bench.reader";
  o.baseModelPath = a.model;
  o.outputDir = (dir / "out").string();
  o.modelName = "bench-ft";
  o.params.epochs = a.epochs;
  o.params.threads = a.threads;
  o.params.batchSize = a.batch;
  o.params.device = a.device;
  const auto start = Clock::now();
  double loaded = -1, baseDone = -1, trained = -1, epochSum = 0;
  o.message = [&](const std::string& m) {
    if (m.rfind("measuring the base", 0) == 0) loaded = since(start);
    if (m.rfind("measuring the new", 0) == 0) trained = since(start);
  };
  o.onEpoch = [&](const engine::FineTuneEpoch& e) {
    if (baseDone < 0) baseDone = since(start) - e.seconds;
    epochSum += e.seconds;
    std::printf("  epoch %d/%d: %.1f s, held-out error %.2f px\n", e.epoch, e.epochs, e.seconds, e.heldOutPixelError);
    std::fflush(stdout);
  };
  const engine::FineTuneResult r = engine::FineTuneJob(store, backend, o).run();
  const double total = since(start);
  const double perEpoch = epochSum / a.epochs;
  std::printf("| images (train + held out) | input | threads | load + preprocess | base held-out eval | s per epoch "
              "| training images/s (epoch incl. held-out pass) | new held-out eval | whole run |\n|---|---|---|---|---|---|---|---|---|\n");
  std::printf("| %zu + %zu | %d | %d | %.1f s | %.1f s | %.1f | %.1f | %.1f s | %.1f s |\n", r.trainImages,
              r.heldOutImages, backend.inputSize(a.model), a.threads, loaded, baseDone - loaded, perEpoch,
              perEpoch > 0 ? double(r.trainImages) / perEpoch : 0.0, total - trained, total);
  std::printf("held-out Dice lungs %.4f -> %.4f, heart %.4f -> %.4f\n", r.baseDice.lungs, r.newDice.lungs,
              r.baseDice.heart, r.newDice.heart);
  fs::remove_all(dir);
  return 0;
}
