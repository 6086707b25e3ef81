#include "core/format/CheXmaskCsvReader.h"
#include "core/interop/LandmarkText.h"

#include <gtest/gtest.h>

using cxr::interop::LandmarkText;

namespace {
cxr::format::LandmarkSet sample() {
  std::vector<double> xy;
  for (int i = 0; i < 240; ++i) xy.push_back(i == 0 ? 1000 : i == 1 ? -5 : i % 90);
  return cxr::format::LandmarkSet::fromFlat(xy);
}
}  // namespace

TEST(LandmarkTextTest, NumpyNotationPadsToTheWidestValueLikeNumpyStr) {
  const std::string t = LandmarkText::numpy(sample());
  // numpy: str(np.array([[1000, -5], [2, 3], ...])) pads every value to width 4.
  EXPECT_EQ(t.substr(0, 25), "[[1000   -5]\n [   2    3]");
  EXPECT_EQ(t.back(), ']');
  EXPECT_EQ(std::count(t.begin(), t.end(), '\n'), 119);
  EXPECT_EQ(cxr::format::CheXmaskCsvReader::parseLandmarks(t), sample());
}

TEST(LandmarkTextTest, JsonNotationReadsBack) {
  const std::string t = LandmarkText::json(sample());
  EXPECT_EQ(t.substr(0, 17), "[[1000,-5],[2,3],");
  EXPECT_EQ(cxr::format::CheXmaskCsvReader::parseLandmarks(t), sample());
}

TEST(LandmarkTextTest, FractionalLandmarksAreRefused) {
  auto l = sample();
  l[3].x = 2.5;
  EXPECT_THROW(LandmarkText::numpy(l), std::exception);
}
