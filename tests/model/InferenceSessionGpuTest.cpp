// CUDA path (label gpu): skipped where the linked LibTorch sees no CUDA device.
#include "core/model/InferenceSession.h"

#include "core/model/StageRunner.h"
#include "tests/common/SharedData.h"
#include "tests/model/GoldenTensors.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cxr::model {
namespace {

TEST(InferenceSessionGpuTest, CudaGivesTheCpuEncoderAndLandmarksWithinTolerance) {
  if (!InferenceSession::cudaAvailable()) GTEST_SKIP() << "SKIPPED: no CUDA device for this LibTorch";
  CXR_REQUIRE_SHARED(std::string(test::kGoldenDir) + "/weights.pt");
  const std::string weights = test::sharedData(std::string(test::kGoldenDir) + "/weights.pt").string();
  SessionOptions o;
  o.device = Device::Cuda;
  o.batchSize = 2;
  InferenceSession s = InferenceSession::open(weights, o);
  EXPECT_EQ(s.deviceName().rfind("cuda", 0), 0u);
  std::vector<std::vector<uint8_t>> bytes(2);
  for (int c = 0; c < 2; ++c)
    for (float v : test::goldenTensor(c, "input").data) bytes[size_t(c)].push_back(uint8_t(std::lround(v * 255)));
  const auto out = s.run({bytes[0].data(), bytes[1].data()});
  for (int c = 0; c < 2; ++c) {
    // cuDNN convolutions differ from the CPU in the last bits: the encoder is held to the
    // golden mu; landmarks only loosely, as the model is discontinuous in its positions.
    EXPECT_LE(test::maxAbsDiff({{1, 64}, out[size_t(c)].latent}, test::goldenTensor(c, "mu")), 1e-3f);
    EXPECT_LE(test::maxAbsDiff({{1, 120, 2}, out[size_t(c)].landmarks}, test::goldenTensor(c, "out")), 0.2f);
  }
}

}  // namespace
}  // namespace cxr::model
