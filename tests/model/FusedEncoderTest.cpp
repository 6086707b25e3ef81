// The fused CPU kernel for the encoder's high-resolution blocks (core/model/internal/
// FusedEncoder) against the pure LibTorch path (SessionOptions::fusedBlocks = 0): the golden
// network at 256 on the golden inputs, the trained demo model on real radiographs, and a
// 1024 network on a real radiograph preprocessed exactly as the application does.
#include "core/image/ImageLoader.h"
#include "core/image/Preprocessor.h"
#include "core/model/InferenceSession.h"
#include "core/model/ModelConfig.h"
#include "core/model/WeightsFile.h"
#include "core/model/internal/FusedEncoder.h"
#include "tests/common/SharedData.h"
#include "tests/model/GoldenTensors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

namespace cxr::model {
namespace {

namespace fs = std::filesystem;

struct Diff {
  double landmarksPx = 0.0;  ///< max |difference| of a landmark coordinate, in input pixels
  double latentRel = 0.0;    ///< max |difference| of mu relative to max |mu|
};

Diff compare(const std::string& weights, const std::vector<uint8_t>& image, int fused,
             int threads = 2, int refThreads = 0) {
  SessionOptions ref, fast;
  ref.device = fast.device = Device::Cpu;
  ref.threads = refThreads > 0 ? refThreads : threads;
  fast.threads = threads;
  ref.fusedBlocks = 0;
  fast.fusedBlocks = fused;
  InferenceSession a = InferenceSession::open(weights, ref);
  InferenceSession b = InferenceSession::open(weights, fast);
  const ModelOutput oa = a.run({image.data()}).at(0);
  const ModelOutput ob = b.run({image.data()}).at(0);
  Diff d;
  for (size_t i = 0; i < oa.landmarks.size(); ++i)
    d.landmarksPx = std::max(d.landmarksPx, std::abs(double(oa.landmarks[i]) - ob.landmarks[i]) * a.inputSize());
  double scale = 1e-12;
  for (float v : oa.latent) scale = std::max(scale, std::abs(double(v)));
  for (size_t i = 0; i < oa.latent.size(); ++i)
    d.latentRel = std::max(d.latentRel, std::abs(double(oa.latent[i]) - ob.latent[i]) / scale);
  return d;
}

std::vector<uint8_t> modelSpace(const std::string& path, int size) {
  const image::LoadedImage img = image::ImageLoader::load(path);
  return image::Preprocessor::toModelSpace(img.grey8.data(), img.height, img.width, size, false).pixels;
}

TEST(FusedEncoderTest, GoldenNetworkOnGoldenInputsAgreesWithLibTorchForEveryBlockCount) {
  const std::string weights = std::string(test::kGoldenDir) + "/weights.pt";
  CXR_REQUIRE_SHARED(weights);
  for (int c = 0; c < 2; ++c) {
    const FloatTensor in = test::goldenTensor(c, "input");
    std::vector<uint8_t> bytes;
    for (float v : in.data) bytes.push_back(static_cast<uint8_t>(std::lround(v * 255.0f)));
    for (int fused = 1; fused <= 4; ++fused) {
      const Diff d = compare(test::sharedData(weights).string(), bytes, fused);
      const Diff floor = compare(test::sharedData(weights).string(), bytes, 0, 2, 1);
      std::printf("golden case %d, %d fused blocks: landmarks %.2e px, mu %.2e relative; LibTorch 1 vs 2 threads: %.2e px, %.2e\n",
                  c, fused, d.landmarksPx, d.latentRel, floor.landmarksPx, floor.latentRel);
      // The encoder (what the kernel replaces) is held to the golden encoder tolerance. The
      // landmarks are reported, not compared tightly: the public model's output is
      // discontinuous in the last bits of its node positions (3x3 vs 4x4 sampling grid,
      // spec/hybridgnet.md), and the public code itself moves this network's landmarks by up
      // to 0.15 (39 px at 256) between 1 and 2 threads (the golden manifest). The bound only
      // catches a broken pipeline, as in StageRunnerTest's end-to-end check.
      EXPECT_LE(d.latentRel, 1e-4) << "case " << c << ", " << fused << " blocks";
      EXPECT_LE(d.landmarksPx, 0.5 * 256) << "case " << c << ", " << fused << " blocks";
    }
  }
}

TEST(FusedEncoderTest, DemoModelOnRealRadiographsAgreesWithLibTorch) {
  const fs::path demo = fs::path(CXR_SOURCE_DIR) / "models/hybridgnet-jsrt256.pt";
  if (!fs::exists(demo)) GTEST_SKIP() << "SKIPPED: " << demo << " not found";
  for (const char* rel : {"images/nih/00001437_024.png", "images/nih/00000001_000.png"}) {
    if (!fs::exists(test::sharedData(rel))) continue;
    const std::vector<uint8_t> img = modelSpace(test::sharedData(rel).string(), 256);
    const Diff d = compare(demo.string(), img, 4);
    const Diff floor = compare(demo.string(), img, 0, 2, 1);
    std::printf("demo model, %s: landmarks %.2e px, mu %.2e relative; LibTorch 1 vs 2 threads: %.2e px, %.2e\n",
                rel, d.landmarksPx, d.latentRel, floor.landmarksPx, floor.latentRel);
    // Trained weights are far less sensitive than the random golden network; a grid switch of
    // one or two nodes still moves some landmarks by a few pixels at 256 (docs/model.md).
    EXPECT_LE(d.latentRel, 1e-4) << rel;
    EXPECT_LE(d.landmarksPx, 5.0) << rel;
  }
}

// The criterion: at 1024, landmarks within 0.1 px of the LibTorch path on real images.
TEST(FusedEncoderTest, At1024OnARealRadiographLandmarksStayWithinATenthOfAPixel) {
  const char* rel = "images/nih/00001437_024.png";
  CXR_REQUIRE_SHARED(rel);
  const fs::path weights = fs::temp_directory_path() / "cxr-fused-1024.pt";
  ModelConfig config;
  config.inputSize = 1024;
  if (!fs::exists(weights)) WeightsFile::initialise(weights.string(), config, 11);
  const std::vector<uint8_t> img = modelSpace(test::sharedData(rel).string(), 1024);
  for (int fused : {2, 4}) {
    const Diff d = compare(weights.string(), img, fused);
    std::printf("1024 network, %d fused blocks: landmarks %.2e px, mu %.2e relative\n", fused,
                d.landmarksPx, d.latentRel);
    EXPECT_LE(d.landmarksPx, 0.1);
    EXPECT_LE(d.latentRel, 1e-3);
  }
}

// A NaN weight of the first block must reach the output (where the postprocessor refuses it),
// as in LibTorch: the kernel's ReLU and max-pool propagate NaN instead of turning it into 0.
// The kernel's rows really are spread over the session's intra-op threads. Without OpenMP in
// cxr_model's compile flags, at::parallel_for runs the whole range on the calling thread
// (the kernel ran on one core until 2026-11-30: docs/performance.md).
TEST(FusedEncoderTest, RowsRunOnTheSessionsIntraOpThreads) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "SKIPPED: needs 2 cores";
  const fs::path demo = fs::path(CXR_SOURCE_DIR) / "models/hybridgnet-jsrt256.pt";
  if (!fs::exists(demo)) GTEST_SKIP() << "SKIPPED: " << demo << " not found";
  SessionOptions o;
  o.device = Device::Cpu;
  o.threads = 2;  // what the session sets is what the kernel's ParallelFor uses
  const InferenceSession session = InferenceSession::open(demo.string(), o);
  ASSERT_EQ(session.threads(), 2);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  int64_t covered = 0;
  internal::fused::intraOpParallelFor()(256, [&](int64_t begin, int64_t end) {
    std::lock_guard lock(mutex);
    threads.insert(std::this_thread::get_id());
    covered += end - begin;
  });
  EXPECT_EQ(covered, 256);
  EXPECT_EQ(threads.size(), 2u) << "the rows ran on one thread";
}

TEST(FusedEncoderTest, NaNWeightsPropagateToTheOutputAsInLibTorch) {
  const fs::path demo = fs::path(CXR_SOURCE_DIR) / "models/hybridgnet-jsrt256.pt";
  if (!fs::exists(demo)) GTEST_SKIP() << "SKIPPED: " << demo << " not found";
  NamedFloatTensors tensors = WeightsFile::read(demo.string());
  ASSERT_FALSE(tensors.empty());
  for (float& v : tensors.front().second.data) v = std::nanf("");
  const fs::path nanModel = fs::temp_directory_path() / "cxr-fused-nan.pt";
  WeightsFile::write(nanModel.string(), tensors);
  const std::vector<uint8_t> image(256 * 256, 100);
  for (int fused : {0, 4}) {
    SessionOptions o;
    o.device = Device::Cpu;
    o.threads = 1;
    o.fusedBlocks = fused;
    const ModelOutput out = InferenceSession::open(nanModel.string(), o).run({image.data()}).at(0);
    EXPECT_TRUE(std::any_of(out.latent.begin(), out.latent.end(), [](float v) { return std::isnan(v); }))
        << tensors.front().first << " NaN, " << fused << " fused blocks";
  }
  fs::remove(nanModel);
}

}  // namespace
}  // namespace cxr::model
