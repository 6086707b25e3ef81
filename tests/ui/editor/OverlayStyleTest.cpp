#include "ui/editor/OverlayStyle.h"

#include <gtest/gtest.h>

using namespace cxr;

TEST(OverlayStyleTest, DefaultsUseTheOkabeItoPaletteAndShowEverything) {
  const editor::OverlayStyle style;
  EXPECT_EQ(style.colour(format::Organ::RightLung).name().toStdString(), "#0072b2");
  EXPECT_EQ(style.colour(format::Organ::LeftLung).name().toStdString(), "#e69f00");
  EXPECT_EQ(style.colour(format::Organ::Heart).name().toStdString(), "#cc79a7");
  EXPECT_EQ(style.comparisonColour.name().toStdString(), "#f0e442");
  for (format::Organ organ : format::kOrgans) EXPECT_TRUE(style.visible(organ));
  EXPECT_FALSE(style.filledMasks);
  EXPECT_GT(style.handleSize, 0.0);
}
