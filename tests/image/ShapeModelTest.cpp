#include "core/image/ShapeModel.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace cxr::image {
namespace {

TEST(ShapeModelTest, BuiltInModelHasAnatomicalMeanShape) {
  const ShapeModel& model = ShapeModel::builtIn();
  EXPECT_EQ(model.modeCount(), 16);
  for (int m = 1; m < model.modeCount(); ++m) EXPECT_LE(model.sigma(m), model.sigma(m - 1));
  const format::LandmarkSet mean = model.meanShape();
  double rlX = 0, llX = 0, heartX = 0;
  for (const auto& p : mean.organ(format::Organ::RightLung)) rlX += p.x / 44;
  for (const auto& p : mean.organ(format::Organ::LeftLung)) llX += p.x / 50;
  for (const auto& p : mean.organ(format::Organ::Heart)) heartX += p.x / 26;
  EXPECT_LT(rlX, 450);  // patient's right lung on the image left
  EXPECT_GT(llX, 574);
  EXPECT_GT(heartX, rlX);
  EXPECT_LT(heartX, llX);
  EXPECT_LT(mean[0].y, mean[21].y);  // RL starts at the apex and runs down to index ~21
  EXPECT_EQ(model.instance({}), mean);
}

TEST(ShapeModelTest, MeanMatchesTheLandmarkDatasetItWasBuiltFrom) {
  CXR_REQUIRE_SHARED("landmarks/landmarks_1024.csv");
  std::ifstream in(test::sharedData("landmarks/landmarks_1024.csv"));
  std::string line;
  std::getline(in, line);
  std::vector<double> sum(240, 0.0);
  int count = 0;
  while (std::getline(in, line)) {
    if (line.find(",RL+LL+H,") == std::string::npos) continue;
    std::stringstream values(line.substr(line.find('"') + 1));
    for (int c = 0; c < 240; ++c) {
      std::string token;
      std::getline(values, token, c == 239 ? '"' : ',');
      sum[size_t(c)] += std::stod(token);
    }
    ++count;
  }
  ASSERT_EQ(count, 383);
  const std::vector<double> mean = ShapeModel::builtIn().meanShape().flat();
  for (int c = 0; c < 240; ++c) EXPECT_NEAR(mean[size_t(c)], sum[size_t(c)] / count, 1e-3) << c;
}

TEST(ShapeModelTest, MalformedTextIsRejected) {
  EXPECT_THROW(ShapeModel::parse("modes 1\nmean 1 2 3\n"), std::runtime_error);
  EXPECT_THROW(ShapeModel::parse("bogus\n"), std::runtime_error);
}

}  // namespace
}  // namespace cxr::image
