#include "core/model/Trainer.h"

#include "core/model/InferenceSession.h"
#include "core/model/WeightsFile.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace cxr::model {
namespace {

// A bright disc on a dark square with landmarks on three circles: enough signal for a few
// optimisation steps at input 64.
TrainingSample syntheticSample(const std::string& id, int side, double shift) {
  TrainingSample s;
  s.id = id;
  s.width = s.height = side;
  s.pixels.assign(size_t(side) * size_t(side), 20);
  const double cx = side * (0.5 + shift), cy = side * 0.5, r = side * 0.3;
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      if (std::hypot(x - cx, y - cy) < r) s.pixels[size_t(y) * size_t(side) + size_t(x)] = 200;
  const int counts[3] = {44, 50, 26};
  const double radii[3] = {0.25, 0.2, 0.1};
  for (int organ = 0; organ < 3; ++organ)
    for (int i = 0; i < counts[organ]; ++i) {
      const double a = 2 * M_PI * i / counts[organ];
      s.landmarks.push_back(static_cast<float>(cx + side * radii[organ] * std::cos(a)));
      s.landmarks.push_back(static_cast<float>(cy + side * radii[organ] * std::sin(a)));
    }
  return s;
}

TEST(TrainerTest, TrainsWritesLoadableCheckpointsAndResumes) {
  const auto dir = test::makeTempDir("model-trainer");
  TrainingOptions o;
  o.inputSize = 64;
  o.epochs = 2;
  o.batchSize = 2;
  o.learningRate = 1e-3;
  o.threads = 1;
  o.outputDir = dir.string();
  const std::vector<TrainingSample> train{syntheticSample("a", 128, -0.05), syntheticSample("b", 128, 0.05),
                                          syntheticSample("c", 96, 0.0)};
  const std::vector<TrainingSample> val{syntheticSample("v", 128, 0.02)};
  std::vector<EpochReport> reports;
  Trainer(o).run(train, val, [&](const EpochReport& r) { reports.push_back(r); });
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports.back().epoch, 2);
  EXPECT_TRUE(std::isfinite(reports.back().trainLoss));
  EXPECT_GT(reports.back().valPixelError, 0.0);
  for (const char* f : {"last.pt", "best.pt", "optimizer.pt", "state.txt", "history.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  EXPECT_EQ(WeightsFile::validate((dir / "best.pt").string()).inputSize, 64);

  // Resume: a run asked for 3 epochs continues at epoch 3 only.
  o.epochs = 3;
  o.resume = true;
  reports.clear();
  Trainer(o).run(train, val, [&](const EpochReport& r) { reports.push_back(r); });
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].epoch, 3);

  SessionOptions so;
  so.device = Device::Cpu;
  so.warmUp = false;
  InferenceSession session = InferenceSession::open((dir / "last.pt").string(), so);
  EXPECT_EQ(session.inputSize(), 64);
  std::filesystem::remove_all(dir);
}

TEST(TrainerTest, RejectsSamplesWithWrongLandmarkCount) {
  const auto dir = test::makeTempDir("model-trainer-bad");
  TrainingOptions o;
  o.inputSize = 64;
  o.epochs = 1;
  o.outputDir = dir.string();
  TrainingSample bad = syntheticSample("bad", 64, 0);
  bad.landmarks.pop_back();
  EXPECT_THROW(Trainer(o).run({bad}, {syntheticSample("v", 64, 0)}, {}), std::runtime_error);
  std::filesystem::remove_all(dir);
}

// Reads an 8-bit image bilinearly at a landmark position (pixel centres at i + 0.5).
double sampleAt(const TrainingSample& s, double x, double y) {
  const double fx = x - 0.5, fy = y - 0.5;
  const int x0 = static_cast<int>(std::floor(fx)), y0 = static_cast<int>(std::floor(fy));
  const double ax = fx - x0, ay = fy - y0;
  auto px = [&](int xx, int yy) { return double(s.pixels[size_t(yy) * size_t(s.width) + size_t(xx)]); };
  return (1 - ay) * ((1 - ax) * px(x0, y0) + ax * px(x0 + 1, y0)) +
         ay * ((1 - ax) * px(x0, y0 + 1) + ax * px(x0 + 1, y0 + 1));
}

// The geometric augmentation (affine + elastic) must move the landmarks exactly as it moves
// the image: on images whose grey value encodes x (or y), the augmented image read at each
// augmented landmark gives back the landmark's original coordinate.
TEST(TrainerTest, AugmentationMovesLandmarksWithTheImage) {
  const int side = 128;
  TrainingOptions o;
  o.inputSize = side;
  o.gammaJitter = 0;
  o.noiseSigma = 0;
  o.contrastJitter = 0;
  o.elasticFraction = 0.04;  // up to ~5 px: a wrong inverse would show as ~10 grey levels
  for (int axis = 0; axis < 2; ++axis) {
    TrainingSample ramp = syntheticSample("ramp", side, 0);
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x) ramp.pixels[size_t(y) * side + size_t(x)] = uint8_t(2 * (axis == 0 ? x : y));
    for (uint64_t seed : {1u, 2u, 3u}) {
      const TrainingSample a = augmentSample(ramp, o, seed);
      ASSERT_EQ(a.landmarks.size(), 240u);
      double sum = 0, worst = 0, moved = 0;
      for (size_t i = 0; i < 120; ++i) {
        const double expected = 2 * (ramp.landmarks[2 * i + axis] - 0.5);
        const double got = sampleAt(a, a.landmarks[2 * i], a.landmarks[2 * i + 1]);
        sum += std::abs(got - expected);
        worst = std::max(worst, std::abs(got - expected));
        moved = std::max(moved, double(std::abs(a.landmarks[2 * i + axis] - ramp.landmarks[2 * i + axis])));
      }
      EXPECT_GT(moved, 2.0) << "the draw must actually move the landmarks";
      EXPECT_LT(sum / 120, 1.0) << "axis " << axis << " seed " << seed;  // grey levels = 0.5 px
      EXPECT_LT(worst, 3.0) << "axis " << axis << " seed " << seed;
    }
  }
}

// The simulated opacity brightens a patch centred on a lung landmark and moves nothing.
TEST(TrainerTest, OpacityAugmentationBrightensALungBoundaryOnly) {
  const int side = 128;
  TrainingOptions o;
  o.inputSize = side;
  o.scaleJitter = o.rotationDegrees = o.shiftFraction = o.gammaJitter = o.noiseSigma = 0;
  o.opacityProbability = 1.0;
  TrainingSample s = syntheticSample("flat", side, 0);
  std::fill(s.pixels.begin(), s.pixels.end(), uint8_t(60));
  for (uint64_t seed : {5u, 6u, 7u}) {
    const TrainingSample a = augmentSample(s, o, seed);
    for (size_t i = 0; i < 240; ++i) EXPECT_NEAR(a.landmarks[i], s.landmarks[i], 1e-3);
    size_t brightest = 0;
    for (size_t i = 0; i < a.pixels.size(); ++i)
      if (a.pixels[i] > a.pixels[brightest]) brightest = i;
    EXPECT_GT(a.pixels[brightest], 60 + 0.35 * (255 - 60)) << "seed " << seed;
    const double bx = double(brightest % side) + 0.5, by = double(brightest / side) + 0.5;
    double nearestLung = 1e9, nearestHeart = 1e9;
    for (size_t i = 0; i < 120; ++i) {
      const double d = std::hypot(a.landmarks[2 * i] - bx, a.landmarks[2 * i + 1] - by);
      (i < 94 ? nearestLung : nearestHeart) = std::min(i < 94 ? nearestLung : nearestHeart, d);
    }
    EXPECT_LT(nearestLung, 1.5) << "seed " << seed;  // the patch's peak sits on a lung landmark
  }
}

TEST(TrainerTest, CosineScheduleRunsFromTheRateToItsFloor) {
  TrainingOptions o;
  o.learningRate = 1e-3;
  o.epochs = 101;
  o.lrSchedule = "cosine";
  o.lrMinFactor = 0.01;
  EXPECT_DOUBLE_EQ(learningRateAt(o, 1), 1e-3);
  EXPECT_NEAR(learningRateAt(o, 51), 0.5 * (1e-3 + 1e-5), 1e-12);
  EXPECT_NEAR(learningRateAt(o, 101), 1e-5, 1e-12);
  o.warmupEpochs = 4;
  EXPECT_NEAR(learningRateAt(o, 1), 2e-4, 1e-12);
  EXPECT_DOUBLE_EQ(learningRateAt(o, 5), 1e-3);
  o.lrSchedule = "triangle";
  EXPECT_THROW(learningRateAt(o, 5), std::runtime_error);
}

}  // namespace
}  // namespace cxr::model
