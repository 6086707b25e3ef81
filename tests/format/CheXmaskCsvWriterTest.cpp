#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::format;

TEST(CheXmaskCsvWriterTest, FormatsDoublesLikePythonRepr) {
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(0.8523101327876679), "0.8523101327876679");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(1.0), "1.0");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(0.1), "0.1");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(1024.0), "1024.0");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(0.0001), "0.0001");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(0.00001), "1e-05");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(1.5e-7), "1.5e-07");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(1e16), "1e+16");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(123456789012345.0), "123456789012345.0");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(-2.5), "-2.5");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(0.0), "0.0");
  EXPECT_EQ(CheXmaskCsvWriter::formatDouble(17.88854381999832), "17.88854381999832");
}

TEST(CheXmaskCsvWriterTest, RewritingEachRealFileIsByteIdentical) {
  const auto dir = cxr::test::makeTempDir("chexmaskwriter");
  for (const char* csv : {"chexmask/ChestX-Ray8.csv", "chexmask/CheXpert.csv", "chexmask/VinDr-CXR.csv",
                          "chexmask/ChestX-Ray8_martina_annotations.csv", "chexmask/CheXpert_julia_annotations.csv"}) {
    CXR_REQUIRE_SHARED(csv);
    const std::string in = cxr::test::sharedData(csv).string();
    const std::string out = (dir / "out.csv").string();
    {
      CheXmaskCsvReader r(in);
      CheXmaskCsvWriter w(out, r.header());
      CheXmaskRow row;
      while (r.next(row)) w.write(row);
      w.close();
    }
    EXPECT_EQ(cxr::test::readFile(out), cxr::test::readFile(in)) << csv;
  }
  std::filesystem::remove_all(dir);
}

TEST(CheXmaskCsvWriterTest, WritesTypedValuesAndKeepsUnknownColumns) {
  const auto dir = cxr::test::makeTempDir("chexmaskwriter2");
  CheXmaskRow row;
  row.imageId = "x.png";
  row.rcaMean = 0.75;
  row.rcaMax = 0.875;
  for (int i = 0; i < 120; ++i) row.landmarks[i] = {i + 0.4, i + 0.6};
  row.rleHeart = "10 5";
  row.columns = {{"Note", "keep, me"}};
  const std::string path = (dir / "w.csv").string();
  {
    std::vector<std::string> header = CheXmaskCsvWriter::modelHeader("Image Index");
    header.push_back("Note");
    CheXmaskCsvWriter w(path, header);
    w.write(row);
    w.close();
  }
  CheXmaskCsvReader r(path);
  CheXmaskRow back;
  ASSERT_TRUE(r.next(back));
  EXPECT_EQ(back.imageId, "x.png");
  EXPECT_EQ(*back.rcaMax, 0.875);
  EXPECT_EQ(back.landmarks, row.landmarks.rounded());
  EXPECT_EQ(back.rleHeart, "10 5");
  EXPECT_EQ(*back.column("Note"), "keep, me");
  std::filesystem::remove_all(dir);
}
