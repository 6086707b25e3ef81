#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/FormatError.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::format;
using cxr::test::writeFile;

namespace {

std::string flatLandmarks(int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s += (i ? "," : "") + std::to_string(100 + i);
  return s;
}

// Expects a FormatError mentioning every fragment.
template <typename F>
void expectError(F&& f, std::initializer_list<std::string> fragments) {
  try {
    f();
    FAIL() << "no error";
  } catch (const FormatError& e) {
    for (const auto& frag : fragments) EXPECT_NE(std::string(e.what()).find(frag), std::string::npos) << e.what();
  }
}

void readAll(const std::string& path) {
  CheXmaskCsvReader r(path);
  CheXmaskRow row;
  while (r.next(row)) {
  }
}

const char* const kHeader = "Image Index,Dice RCA (Mean),Dice RCA (Max),Landmarks,Left Lung,Right Lung,Heart,Height,Width\n";

}  // namespace

class CheXmaskCsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("chexmaskreader"); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string file(const std::string& name) { return (dir / name).string(); }
  std::filesystem::path dir;
};

TEST_F(CheXmaskCsvReaderTest, ReadsEveryRealFileWithItsIdColumnAndKind) {
  struct Case {
    const char* file;
    const char* id;
    CheXmaskFileKind kind;
    int rows;
  };
  const Case cases[] = {
      {"chexmask/ChestX-Ray8.csv", "Image Index", CheXmaskFileKind::Model, 50},
      {"chexmask/CheXpert.csv", "Path", CheXmaskFileKind::Model, 56},
      {"chexmask/VinDr-CXR.csv", "image_id", CheXmaskFileKind::Model, 50},
      {"chexmask/ChestX-Ray8_julia_annotations.csv", "ImageID", CheXmaskFileKind::Physician, 50},
      {"chexmask/CheXpert_martina_annotations.csv", "ImageID", CheXmaskFileKind::Physician, 56},
      {"chexmask/VinDr-CXR_julia_annotations.csv", "ImageID", CheXmaskFileKind::Physician, 50},
  };
  for (const Case& c : cases) {
    CXR_REQUIRE_SHARED(c.file);
    CheXmaskCsvReader r(cxr::test::sharedData(c.file).string());
    EXPECT_EQ(r.idColumn(), c.id);
    EXPECT_EQ(r.kind(), c.kind);
    CheXmaskRow row;
    int n = 0;
    while (r.next(row)) {
      ++n;
      EXPECT_EQ(row.height, 1024);
      EXPECT_TRUE(row.landmarks.isIntegral());
      if (c.kind == CheXmaskFileKind::Model) {
        ASSERT_TRUE(row.rcaMean && row.rcaMax);
        EXPECT_GT(*row.rcaMean, 0.3);
        EXPECT_LE(*row.rcaMax, 1.0);
      } else {
        EXPECT_FALSE(row.dataset.empty());
      }
    }
    EXPECT_EQ(n, c.rows) << c.file;
    EXPECT_TRUE(r.warnings().empty());
  }
}

TEST_F(CheXmaskCsvReaderTest, FirstRealRowHasTheReleasedValues) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  CheXmaskCsvReader r(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string());
  CheXmaskRow row;
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.imageId, "00028162_002.png");
  EXPECT_DOUBLE_EQ(*row.rcaMean, 0.8523101327876679);
  EXPECT_DOUBLE_EQ(*row.rcaMax, 0.9399650894969503);
  EXPECT_EQ(row.landmarks[0], (Point{381, 223}));
  EXPECT_EQ(row.landmarks[1], (Point{345, 227}));
  EXPECT_EQ(row.rleLeftLung.substr(0, 9), "231005 11");
  EXPECT_EQ(row.line, 2);
}

TEST_F(CheXmaskCsvReaderTest, ParsesNumpyAndJsonLandmarkNotations) {
  std::string numpy = "[[ 274  102]\n";
  std::string json = "[";
  for (int i = 0; i < 120; ++i) {
    if (i) numpy += "\n [" + std::to_string(-5 + i) + " " + std::to_string(1100 + i) + "]";
    json += (i ? ",[" : "[") + std::to_string(i == 0 ? 274 : -5 + i) + "," + std::to_string(i == 0 ? 102 : 1100 + i) + "]";
  }
  numpy += "]";
  json += "]";
  const LandmarkSet a = CheXmaskCsvReader::parseLandmarks(numpy);
  const LandmarkSet b = CheXmaskCsvReader::parseLandmarks(json);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a[0], (Point{274, 102}));
  EXPECT_EQ(a[1], (Point{-4, 1101}));  // negative and outside-image values are legal
  std::string decimals;  // landmarks_1024.csv style floats
  for (int i = 0; i < 240; ++i) decimals += (i ? "," : "") + std::to_string(i) + ".125";
  EXPECT_EQ(CheXmaskCsvReader::parseLandmarks(decimals)[3], (Point{6.125, 7.125}));
  EXPECT_THROW(CheXmaskCsvReader::parseLandmarks(decimals + ",x"), FormatError);
}

TEST_F(CheXmaskCsvReaderTest, Rejects239LandmarksNamingFileLineAndColumn) {
  writeFile(file("bad.csv"), std::string(kHeader) + "a.png,0.8,0.9,\"" + flatLandmarks(239) + "\",1 2,3 4,5 6,1024,1024\n");
  expectError([&] { readAll(file("bad.csv")); }, {"bad.csv", "line 2", "'Landmarks'", "found 239"});
}

TEST_F(CheXmaskCsvReaderTest, RejectsMissingColumnNamingIt) {
  writeFile(file("nocol.csv"), "Image Index,Landmarks,Left Lung,Right Lung,Height,Width\n");
  expectError([&] { CheXmaskCsvReader r(file("nocol.csv")); }, {"nocol.csv", "'Heart'", "missing"});
}

TEST_F(CheXmaskCsvReaderTest, RejectsBadRleNamingFileLineAndColumn) {
  writeFile(file("odd.csv"), std::string(kHeader) + "a.png,0.8,0.9,\"" + flatLandmarks(240) + "\",1 2,3 4,5 6 7,1024,1024\n");
  expectError([&] { readAll(file("odd.csv")); }, {"odd.csv", "line 2", "'Heart'", "odd number"});
  writeFile(file("past.csv"), std::string(kHeader) + "a.png,0.8,0.9,\"" + flatLandmarks(240) + "\",1 2,3 4,16 2,4,4\n");
  expectError([&] { readAll(file("past.csv")); }, {"past.csv", "line 2", "'Heart'", "past the image"});
}

TEST_F(CheXmaskCsvReaderTest, RejectsFieldCountAndBadNumbers) {
  writeFile(file("short.csv"), std::string(kHeader) + "a.png,0.8\n");
  expectError([&] { readAll(file("short.csv")); }, {"short.csv", "line 2", "2 fields"});
  writeFile(file("rca.csv"), std::string(kHeader) + "a.png,high,0.9,\"" + flatLandmarks(240) + "\",,,,1024,1024\n");
  expectError([&] { readAll(file("rca.csv")); }, {"'Dice RCA (Mean)'", "not a number"});
}

TEST_F(CheXmaskCsvReaderTest, TruncatedGzipIsReportedWithTheFileName) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert.csv");
  const std::string text = cxr::test::readFile(cxr::test::sharedData("chexmask/CheXpert.csv").string());
  writeFile(file("full.csv.gz"), text, true);
  const std::string gz = cxr::test::readFile(file("full.csv.gz"));
  writeFile(file("cut.csv.gz"), gz.substr(0, gz.size() * 2 / 3));
  expectError([&] { readAll(file("cut.csv.gz")); }, {"cut.csv.gz", "truncated"});
}

TEST_F(CheXmaskCsvReaderTest, WarnsOnMaxBelowMeanAndEmptySizeMeans1024) {
  writeFile(file("swap.csv"), "ImageID,Dice RCA (Max),Dice RCA (Mean),Landmarks,Left Lung,Right Lung,Heart,Height,Width\n"
                              "p.png,0.6,0.8,\"" + flatLandmarks(240) + "\",1 2,,,,1024.0\n");
  CheXmaskCsvReader r(file("swap.csv"));
  CheXmaskRow row;
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.height, 1024);
  EXPECT_EQ(row.width, 1024);
  EXPECT_DOUBLE_EQ(*row.rcaMax, 0.6);  // reported, never silently swapped
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_NE(r.warnings()[0].find("line 2"), std::string::npos);
  EXPECT_NE(r.warnings()[0].find("Max"), std::string::npos);
}

namespace {

// Every row (columns as read, line, parsed landmarks) and the error text, of a whole file.
struct ReadOut {
  std::vector<std::pair<long long, std::vector<std::pair<std::string, std::string>>>> rows;
  std::vector<double> coordinates;
  std::string error;
  std::vector<std::string> warnings;
};

ReadOut readEverything(const std::string& path) {
  ReadOut out;
  try {
    CheXmaskCsvReader r(path);
    CheXmaskRow row;
    while (r.next(row)) {
      out.rows.emplace_back(row.line, row.columns);
      for (int i = 0; i < 120; ++i) {
        out.coordinates.push_back(row.landmarks[i].x);
        out.coordinates.push_back(row.landmarks[i].y);
      }
    }
    EXPECT_FALSE(r.next(row));  // stays at the end
    out.warnings = r.warnings();
    EXPECT_EQ(r.bytesRead(), static_cast<long long>(std::filesystem::file_size(path)));
  } catch (const FormatError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace

// The real files read to the end (bytesRead() reaches the file size, next() stays false), and a
// bad row late in a file is an error at its row, after the good rows before it.
TEST_F(CheXmaskCsvReaderTest, ReadsToTheEndAndFailsAtTheBadRowAfterTheGoodOnes) {
  // 40 good rows, then one whose Heart RLE runs past the image.
  std::string text = kHeader;
  for (int i = 0; i < 41; ++i)
    text += "img" + std::to_string(i) + ".png,0.8,0.9,\"" + flatLandmarks(240) + "\",1 5,7 3," +
            (i == 40 ? "1048570 100" : "20 4") + ",1024,1024\n";
  writeFile(file("late.csv"), text);
  const ReadOut late = readEverything(file("late.csv"));
  EXPECT_NE(late.error.find("line 42, column 'Heart'"), std::string::npos) << late.error;
  EXPECT_EQ(late.rows.size(), 40u);  // the good rows before it were delivered
  // The real files (last: without the shared data the test stops here).
  for (const char* name : {"chexmask/ChestX-Ray8.csv", "chexmask/CheXpert_martina_annotations.csv"}) {
    CXR_REQUIRE_SHARED(name);
    const ReadOut all = readEverything(cxr::test::sharedData(name).string());
    EXPECT_TRUE(all.error.empty()) << all.error;
    EXPECT_GE(all.rows.size(), 50u);
    EXPECT_EQ(all.coordinates.size(), all.rows.size() * 240);
  }
}
