#include "core/engine/Postprocessor.h"

#include "core/engine/EngineError.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace cxr::engine;
namespace fmt = cxr::format;

namespace {

/// A 200 x 100 (h x w) original padded to a 200-side square: pad_left = 50.
PreparedImage paddedImage() {
  PreparedImage image;
  image.size = 8;
  image.pixels.assign(64, 0);
  image.originalHeight = 200;
  image.originalWidth = 100;
  image.toOriginal = [](const fmt::LandmarkSet& in) {
    fmt::LandmarkSet out;
    for (int i = 0; i < 120; ++i) out[i] = {std::round(in[i].x / 1024.0 * 200 - 50), std::round(in[i].y / 1024.0 * 200)};
    return out;
  };
  return image;
}

SegmenterOutput ringOutput() {
  SegmenterOutput out;
  const double centres[3][2] = {{0.4, 0.4}, {0.6, 0.4}, {0.5, 0.7}};
  const int counts[3] = {44, 50, 26};
  for (int o = 0; o < 3; ++o)
    for (int i = 0; i < counts[o]; ++i) {
      const double a = 2 * M_PI * i / counts[o];
      out.landmarks.push_back(float(centres[o][0] + 0.08 * std::sin(a)));
      out.landmarks.push_back(float(centres[o][1] - 0.15 * std::cos(a)));
    }
  out.latent.assign(64, 0.5f);
  return out;
}

}  // namespace

TEST(PostprocessorTest, ScalesBackProjectsAndEncodesMasksOnTheOriginalCanvas) {
  ImageOutcome outcome;
  const SegmenterOutput raw = ringOutput();
  Postprocessor::process(paddedImage(), raw, outcome);
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.height, 200);
  EXPECT_EQ(outcome.width, 100);
  EXPECT_DOUBLE_EQ(outcome.modelLandmarks[0].x, double(raw.landmarks[0]) * 1024.0);
  // Landmark 0 is at x = 0.4 of the square: 0.4 * 200 - 50 = 30 in the original.
  EXPECT_EQ(outcome.originalLandmarks[0].x, 30.0);
  EXPECT_EQ(outcome.originalLandmarks[0].y, std::round(double(raw.landmarks[1]) * 1024.0 / 1024.0 * 200));
  for (fmt::Organ organ : fmt::kOrgans) {
    const fmt::Mask expected = fmt::Rasterizer::organMask(outcome.originalLandmarks, organ, 200, 100);
    EXPECT_EQ(outcome.rle[size_t(organ)], fmt::Rle::encode(expected));
    EXPECT_GT(expected.area(), 0);
  }
  EXPECT_EQ(outcome.latent, raw.latent);
}

TEST(PostprocessorTest, RejectsWrongLandmarkCount) {
  ImageOutcome outcome;
  SegmenterOutput raw = ringOutput();
  raw.landmarks.resize(188);  // a lungs-only model
  try {
    Postprocessor::process(paddedImage(), raw, outcome);
    FAIL();
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("188"), std::string::npos);
  }
  EXPECT_FALSE(outcome.ok);
}

TEST(PostprocessorTest, RejectsNonFiniteValues) {
  ImageOutcome outcome;
  SegmenterOutput raw = ringOutput();
  raw.landmarks[17] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(Postprocessor::process(paddedImage(), raw, outcome), EngineError);
}

// Issue 12, defect 2: a NaN or infinite latent value (written to JSON and the store) is
// refused too, on the one path every segmentation takes.
TEST(PostprocessorTest, RejectsNonFiniteLatent) {
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    ImageOutcome outcome;
    SegmenterOutput raw = ringOutput();
    raw.latent = {0.5f, bad, 0.1f};
    try {
      Postprocessor::process(paddedImage(), raw, outcome);
      FAIL() << "accepted a non-finite latent";
    } catch (const EngineError& e) {
      EXPECT_NE(std::string(e.what()).find("non-finite latent value at index 1"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(outcome.ok);
  }
}

// A finite but absurd output (broken weights) is refused rather than rasterised.
TEST(PostprocessorTest, RejectsLandmarksFarOutsideTheImage) {
  for (float bad : {1e30f, -3.0f, 2.5f}) {
    ImageOutcome outcome;
    SegmenterOutput raw = ringOutput();
    raw.landmarks[5] = bad;
    EXPECT_THROW(Postprocessor::process(paddedImage(), raw, outcome), EngineError) << bad;
  }
}
