#include "core/format/CsvInspector.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

using namespace cxr::format;

TEST(CsvInspectorTest, SummarisesRealModelFile) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR.csv");
  const auto s = CsvInspector::inspect(cxr::test::sharedData("chexmask/VinDr-CXR.csv").string());
  EXPECT_EQ(s.rows, 50);
  EXPECT_EQ(s.rowsWithRca, 50);
  EXPECT_EQ(s.idColumn, "image_id");
  EXPECT_EQ(s.sizes.at("1024x1024"), 50);
  EXPECT_EQ(s.emptyMasks, 0);
  EXPECT_GT(s.meanRcaMean, 0.7);
  EXPECT_LT(s.meanRcaMean, s.meanRcaMax);
  EXPECT_TRUE(s.warnings.empty());
}
