#include "core/format/OrganLayout.h"

#include <gtest/gtest.h>

using namespace cxr::format;

TEST(OrganLayoutTest, RangesCoverAll120LandmarksInReleaseOrder) {
  EXPECT_EQ(organRange(Organ::RightLung).first, 0);
  EXPECT_EQ(organRange(Organ::RightLung).count, 44);
  EXPECT_EQ(organRange(Organ::LeftLung).first, 44);
  EXPECT_EQ(organRange(Organ::LeftLung).count, 50);
  EXPECT_EQ(organRange(Organ::Heart).first, 94);
  EXPECT_EQ(organRange(Organ::Heart).end(), kLandmarkCount);
  for (int i = 0; i < kLandmarkCount; ++i) {
    const OrganRange r = organRange(organOfLandmark(i));
    EXPECT_GE(i, r.first);
    EXPECT_LT(i, r.end());
  }
}

TEST(OrganLayoutTest, RingsCloseWithinEachOrganAndNeverJoinOrgans) {
  EXPECT_EQ(ringNeighbours(0)[0], 43);
  EXPECT_EQ(ringNeighbours(43)[1], 0);
  EXPECT_EQ(ringNeighbours(44)[0], 93);
  EXPECT_EQ(ringNeighbours(93)[1], 44);
  EXPECT_EQ(ringNeighbours(94)[0], 119);
  EXPECT_EQ(ringNeighbours(119)[1], 94);
  EXPECT_EQ(ringNeighbours(60)[0], 59);
  EXPECT_EQ(ringNeighbours(60)[1], 61);
}

TEST(OrganLayoutTest, ColumnNamesMatchTheRelease) {
  EXPECT_EQ(organColumnName(Organ::RightLung), "Right Lung");
  EXPECT_EQ(organColumnName(Organ::LeftLung), "Left Lung");
  EXPECT_EQ(organColumnName(Organ::Heart), "Heart");
}
