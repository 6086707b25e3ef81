#include "core/model/InferenceSession.h"

#include "core/model/StageRunner.h"
#include "core/model/WeightsError.h"
#include "tests/common/SharedData.h"
#include "tests/model/GoldenTensors.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cxr::model {
namespace {

std::string goldenWeights() {
  return test::sharedData(std::string(test::kGoldenDir) + "/weights.pt").string();
}

// The golden input as the 8-bit image it came from (the input is exactly value / 255).
std::vector<uint8_t> goldenBytes(int c) {
  const FloatTensor in = test::goldenTensor(c, "input");
  std::vector<uint8_t> bytes;
  for (float v : in.data) bytes.push_back(static_cast<uint8_t>(std::lround(v * 255.0f)));
  return bytes;
}

class InferenceSessionTest : public ::testing::Test {
 protected:
  void SetUp() override { CXR_REQUIRE_SHARED(std::string(test::kGoldenDir) + "/weights.pt"); }
};

TEST_F(InferenceSessionTest, OpensStateDictOnCpuWithInputSizeFromWeights) {
  SessionOptions o;
  o.device = Device::Cpu;
  o.threads = 1;
  InferenceSession s = InferenceSession::open(goldenWeights(), o);
  EXPECT_EQ(s.inputSize(), 256);
  EXPECT_EQ(s.deviceName(), "cpu");
  EXPECT_EQ(s.modelKind(), "state_dict");
  EXPECT_EQ(s.threads(), 1);
}

// The session's plumbing (8-bit input, output order) against the stage runner: both on the
// pure LibTorch path, so the answers are identical. The default session (fused encoder
// blocks) is held to the golden tolerance here and compared with LibTorch in FusedEncoderTest.
TEST_F(InferenceSessionTest, EightBitInputGivesTheGoldenForwardPass) {
  SessionOptions o;
  o.device = Device::Cpu;
  o.threads = 1;
  o.fusedBlocks = 0;
  InferenceSession s = InferenceSession::open(goldenWeights(), o);
  SessionOptions d;
  d.device = Device::Cpu;
  d.threads = 1;
  InferenceSession byDefault = InferenceSession::open(goldenWeights(), d);
  StageRunner runner(goldenWeights(), 1);
  for (int c = 0; c < 2; ++c) {
    const std::vector<uint8_t> bytes = goldenBytes(c);
    const std::vector<ModelOutput> out = s.run({bytes.data()});
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].landmarks.size(), 240u);
    ASSERT_EQ(out[0].latent.size(), 64u);
    const auto all = runner.forwardAll(test::goldenTensor(c, "input"));
    EXPECT_EQ(out[0].landmarks, all.at("out").data) << "case " << c;
    EXPECT_EQ(out[0].latent, all.at("mu").data) << "case " << c;
    EXPECT_LE(test::maxAbsDiff({{1, 64}, out[0].latent}, test::goldenTensor(c, "mu")), 1e-4f);
    const std::vector<ModelOutput> fast = byDefault.run({bytes.data()});
    EXPECT_LE(test::maxAbsDiff({{1, 64}, fast[0].latent}, test::goldenTensor(c, "mu")), 1e-4f);
  }
}

TEST_F(InferenceSessionTest, BatchesGiveExactlyTheOneAtATimeAnswers) {
  SessionOptions one;
  one.device = Device::Cpu;
  one.threads = 2;
  SessionOptions three = one;
  three.batchSize = 3;
  InferenceSession single = InferenceSession::open(goldenWeights(), one);
  InferenceSession batched = InferenceSession::open(goldenWeights(), three);
  const std::vector<uint8_t> a = goldenBytes(0), b = goldenBytes(1);
  // Four images in batches of three: a full batch and a partial one.
  const std::vector<const uint8_t*> images{a.data(), b.data(), b.data(), a.data()};
  const std::vector<ModelOutput> ref = single.run(images);
  const std::vector<ModelOutput> got = batched.run(images);
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < images.size(); ++i) {
    EXPECT_EQ(got[i].landmarks, ref[i].landmarks) << "image " << i;
    EXPECT_EQ(got[i].latent, ref[i].latent) << "image " << i;
  }
  EXPECT_NE(ref[0].landmarks, ref[1].landmarks);
  EXPECT_TRUE(batched.batchInvariant());
}

// One forward pass per batch: per-image normalisation makes the batch composition irrelevant
// up to kernel rounding, which the encoder keeps within the golden tolerance.
TEST_F(InferenceSessionTest, TrueBatchedPassesAgreeWithOneAtATimeToRounding) {
  SessionOptions one;
  one.device = Device::Cpu;
  one.threads = 2;
  SessionOptions batchedOptions = one;
  batchedOptions.batchSize = 2;
  batchedOptions.batchInvariant = false;
  InferenceSession single = InferenceSession::open(goldenWeights(), one);
  InferenceSession batched = InferenceSession::open(goldenWeights(), batchedOptions);
  const std::vector<uint8_t> a = goldenBytes(0), b = goldenBytes(1);
  const std::vector<ModelOutput> ref = single.run({a.data(), b.data()});
  const std::vector<ModelOutput> got = batched.run({a.data(), b.data()});
  for (size_t i = 0; i < 2; ++i)
    EXPECT_LE(test::maxAbsDiff({{1, 64}, got[i].latent}, {{1, 64}, ref[i].latent}), 1e-4f);
}

TEST_F(InferenceSessionTest, MismatchedInputSizeIsRejected) {
  SessionOptions o;
  o.device = Device::Cpu;
  o.inputSize = 512;
  EXPECT_THROW(InferenceSession::open(goldenWeights(), o), WeightsError);
}

TEST_F(InferenceSessionTest, CudaRequestWithoutCudaFailsClearly) {
  if (InferenceSession::cudaAvailable()) GTEST_SKIP() << "a CUDA device is present";
  SessionOptions o;
  o.device = Device::Cuda;
  EXPECT_THROW(InferenceSession::open(goldenWeights(), o), std::runtime_error);
}

TEST(InferenceSessionScriptTest, RunsATorchScriptModelWithTheSameOutputContract) {
  const std::string path = (test::testDataDir() / "model" / "tiny_torchscript.pt").string();
  SessionOptions o;
  o.device = Device::Cpu;
  o.inputSize = 64;
  o.batchSize = 2;
  InferenceSession s = InferenceSession::open(path, o);
  EXPECT_EQ(s.modelKind(), "torchscript");
  EXPECT_EQ(s.inputSize(), 64);
  const std::vector<uint8_t> grey(64 * 64, 51), white(64 * 64, 255);
  const std::vector<ModelOutput> out = s.run({grey.data(), white.data(), grey.data()});
  ASSERT_EQ(out.size(), 3u);
  ASSERT_EQ(out[0].landmarks.size(), 240u);
  EXPECT_FLOAT_EQ(out[0].landmarks[0], 0.2f);            // mean of 51/255, node 0 x
  EXPECT_FLOAT_EQ(out[0].landmarks[239], 0.239f + 0.2f); // node 119 y
  EXPECT_FLOAT_EQ(out[1].landmarks[0], 1.0f);
  EXPECT_EQ(out[1].latent, (std::vector<float>{1.0f, 1.0f, 1.0f}));
  EXPECT_EQ(out[2].landmarks, out[0].landmarks);
}

TEST(SessionOptionsTest, ParsesDeviceNames) {
  EXPECT_EQ(parseDevice("auto"), Device::Auto);
  EXPECT_EQ(parseDevice("cpu"), Device::Cpu);
  EXPECT_EQ(parseDevice("cuda"), Device::Cuda);
  EXPECT_THROW(parseDevice("gpu"), std::invalid_argument);
}

}  // namespace
}  // namespace cxr::model
