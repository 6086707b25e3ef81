#include "core/model/Trainer.h"

#include "core/model/InferenceSession.h"
#include "core/model/WeightsFile.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace cxr::model
