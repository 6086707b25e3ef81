#include "core/format/FormatError.h"
#include "core/format/LandmarkSet.h"

#include <gtest/gtest.h>

using namespace cxr::format;

namespace {
std::vector<double> ramp() {
  std::vector<double> xy(240);
  for (int i = 0; i < 240; ++i) xy[size_t(i)] = i * 1.25;
  return xy;
}
}  // namespace

TEST(LandmarkSetTest, FlatRoundTripKeepsOrderAndOrgans) {
  const LandmarkSet s = LandmarkSet::fromFlat(ramp());
  EXPECT_EQ(s.flat(), ramp());
  EXPECT_EQ(s[1].x, 2 * 1.25);
  EXPECT_EQ(s[1].y, 3 * 1.25);
  const auto heart = s.organ(Organ::Heart);
  ASSERT_EQ(heart.size(), 26u);
  EXPECT_EQ(heart.front(), s[94]);
  EXPECT_EQ(s.organ(Organ::LeftLung).back(), s[93]);
}

TEST(LandmarkSetTest, RejectsWrongCountNamingIt) {
  std::vector<double> xy(239, 1.0);
  try {
    LandmarkSet::fromFlat(xy);
    FAIL() << "239 coordinates accepted";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("239"), std::string::npos) << e.what();
  }
}

TEST(LandmarkSetTest, RoundedAndScaled) {
  LandmarkSet s;
  s[0] = {0.5, 1.49};
  s[1] = {-1.5, 2.5};
  s[2] = {3.5, 2.51};
  const LandmarkSet r = s.rounded();
  // numpy.round semantics: ties go to the even integer.
  EXPECT_EQ(r[0], (Point{0, 1}));
  EXPECT_EQ(r[1], (Point{-2, 2}));
  EXPECT_EQ(r[2], (Point{4, 3}));
  EXPECT_TRUE(r.isIntegral());
  EXPECT_FALSE(s.isIntegral());
  EXPECT_EQ(s.scaled(2)[1], (Point{-3, 5}));
}
