#include "core/format/CsvRoundTrip.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::format;

TEST(CsvRoundTripTest, BothMaskSourcesReproduceEveryModelCsvByteForByte) {
  const auto dir = cxr::test::makeTempDir("roundtrip");
  long long rows = 0;
  for (const char* csv : cxr::test::kModelCsvs) {
    CXR_REQUIRE_SHARED(csv);
    const std::string in = cxr::test::sharedData(csv).string();
    for (auto source : {CsvRoundTrip::MaskSource::Rle, CsvRoundTrip::MaskSource::Landmarks}) {
      const std::string out = (dir / "rt.csv.gz").string();
      const auto s = CsvRoundTrip::run(in, out, source);
      EXPECT_EQ(s.rleUnchanged, s.rows);
      EXPECT_EQ(s.landmarksMatchRle, s.rows);
      EXPECT_EQ(cxr::test::readFile(in), [&] {
        // Read back through the gzip path too.
        const std::string plain = (dir / "rt.csv").string();
        CsvRoundTrip::run(out, plain, CsvRoundTrip::MaskSource::Rle);
        return cxr::test::readFile(plain);
      }()) << csv;
      if (source == CsvRoundTrip::MaskSource::Rle) rows += s.rows;
    }
  }
  EXPECT_EQ(rows, 156);
  std::filesystem::remove_all(dir);
}
