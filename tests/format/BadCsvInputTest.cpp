// Regression tests of issue 12 (defects 1, 4, 5, 8, 9) at the format layer: each bad CSV
// gives a FormatError naming the file, the line and the problem, and nothing is changed
// silently; CSV outputs appear complete or not at all. The rules are in docs/reliability.md.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CsvComparison.h"
#include "core/format/CsvInspector.h"
#include "core/format/CsvRoundTrip.h"
#include "core/format/CsvWriter.h"
#include "core/format/FormatError.h"
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "tests/common/BadInputCorpus.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <cmath>
#include <random>

using namespace cxr::format;
namespace fs = std::filesystem;

namespace {

const char* const kHeader = cxr::test::kModelCsvHeader;

std::string landmarks(const std::string& first = "100") { return cxr::test::landmarkField(240, first); }

// One model row: id, landmarks, height, width (empty masks are valid RLE).
std::string row(const std::string& id, const std::string& lm = landmarks(), const std::string& h = "1024",
                const std::string& w = "1024", const std::string& rl = "") {
  return id + ",0.8,0.9,\"" + lm + "\",," + rl + ",," + h + "," + w + "\n";
}

std::string messageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const FormatError& e) {
    return e.what();
  }
  return "";
}

void readAll(const std::string& path) {
  CheXmaskCsvReader r(path);
  CheXmaskRow rw;
  while (r.next(rw)) {
  }
}

}  // namespace

class BadCsvInputTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("badcsv"); }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text, bool gzip = false) {
    const std::string p = (dir / name).string();
    cxr::test::writeFile(p, text, gzip);
    return p;
  }
  fs::path dir;
};

// Defect 1: a declared size of 40000 or 100000 is refused on the row, naming file, line and
// column, before any memory of that size is touched (the address space is capped below it).
TEST_F(BadCsvInputTest, DeclaredSizeAboveTheBoundIsRefusedBeforeAnyAllocation) {
  for (const char* size : {"40000", "100000", "8193"}) {
    const std::string p = write(std::string("big") + size + ".csv",
                                std::string(kHeader) + row("a.png") + row("b.png", landmarks(), size, "1024", "1 5"));
    const std::string msg = messageOf([&] { readAll(p); });
    EXPECT_NE(msg.find(p + ": line 3, column 'Height'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("exceeds the largest supported image side (8192"), std::string::npos) << msg;
    for (const auto& f : {std::function<void()>([&] { CsvInspector::inspect(p); }),
                          std::function<void()>([&] { CsvRoundTrip::run(p, (dir / "rt.csv").string(), CsvRoundTrip::MaskSource::Rle); }),
                          std::function<void()>([&] { CsvComparison::compareFiles(p, p, (dir / "cmp.csv").string()); })})
      EXPECT_NE(messageOf(f).find("exceeds the largest supported image side"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir / "rt.csv"));
  EXPECT_FALSE(fs::exists(dir / "cmp.csv"));
  // The bound itself is accepted.
  const std::string ok = write("edge.csv", std::string(kHeader) + row("a.png", landmarks(), "8192", "8192", "1 5"));
  EXPECT_EQ(CsvInspector::inspect(ok).rows, 1);
}

// Defect 4: the same image ID twice fails check (and so import, compare and round trip).
TEST_F(BadCsvInputTest, DuplicateImageIdIsRefusedNamingBothLines) {
  const std::string p = write("dup.csv", std::string(kHeader) + row("a.png") + row("b.png") + row("a.png"));
  const std::string msg = messageOf([&] { CsvInspector::inspect(p); });
  EXPECT_NE(msg.find(p + ": line 4, column 'Image Index': image ID 'a.png' appears twice (first at line 2)"),
            std::string::npos)
      << msg;
  // Physician files: the same ID in two datasets is two images.
  const std::string phys = write("x_julia_annotations.csv",
                                 "ImageID,Dataset,Landmarks,Right Lung,Left Lung,Heart\n"
                                 "a.png,DS1,\"" + landmarks() + "\",,,\na.png,DS2,\"" + landmarks() + "\",,,\n");
  EXPECT_EQ(CsvInspector::inspect(phys).rows, 2);
}

// Defect 5: no silent value changes. Hexadecimal is refused everywhere; an empty size and
// fractional landmarks are reported; landmarks far outside the image are refused.
TEST_F(BadCsvInputTest, HexadecimalNumbersAreRefusedInEveryColumn) {
  const struct {
    std::string text, column;
  } cases[] = {
      {row("a.png", landmarks(), "0x10"), "Height"},
      {row("a.png", landmarks(), "1024", "0X400"), "Width"},
      {row("a.png", landmarks("0x10")), "Landmarks"},
      {row("a.png", landmarks(), "1024", "1024", "0x1 5"), "Right Lung"},
      {"a.png,0x1p-1,0.9,\"" + landmarks() + "\",,,,1024,1024\n", "Dice RCA (Mean)"},
  };
  for (const auto& c : cases) {
    const std::string p = write("hex.csv", std::string(kHeader) + c.text);
    const std::string msg = messageOf([&] { readAll(p); });
    EXPECT_NE(msg.find(p + ": line 2, column '" + c.column + "'"), std::string::npos) << msg;
  }
}

TEST_F(BadCsvInputTest, EmptySizeAndFractionalLandmarksAreReportedOncePerFile) {
  const std::string p = write("quiet.csv", std::string(kHeader) + row("a.png", landmarks("100.5"), "", "") +
                                               row("b.png", landmarks(), "", "1024") + row("c.png", landmarks("7.25")));
  const CsvInspector::Summary s = CsvInspector::inspect(p);
  EXPECT_EQ(s.rows, 3);
  ASSERT_EQ(s.warnings.size(), 2u);
  EXPECT_EQ(s.warnings[0], p + ": 2 rows with an empty Height or Width, taken as 1024 as the release means it (first at line 2)");
  EXPECT_NE(s.warnings[1].find(p + ": 2 rows with fractional landmarks (first at line 2)"), std::string::npos);
  // The values are kept as read.
  CheXmaskCsvReader r(p);
  CheXmaskRow rw;
  ASSERT_TRUE(r.next(rw));
  EXPECT_DOUBLE_EQ(rw.landmarks[0].x, 100.5);
}

TEST_F(BadCsvInputTest, LandmarksFarOutsideTheImageAreRefused) {
  for (const char* far : {"1e30", "-2000", "3000"}) {
    const std::string p = write("far.csv", std::string(kHeader) + row("a.png", landmarks(far)));
    const std::string msg = messageOf([&] { readAll(p); });
    EXPECT_NE(msg.find(p + ": line 2, column 'Landmarks': landmark 0 x = "), std::string::npos) << msg;
    EXPECT_NE(msg.find("is far outside the 1024 x 1024 image (accepted: -1024 .. 2048)"), std::string::npos) << msg;
  }
  // Slightly outside (the release has such points) is accepted.
  const std::string near = write("near.csv", std::string(kHeader) + row("a.png", landmarks("-12")));
  EXPECT_EQ(CsvInspector::inspect(near).rows, 1);
}

// Defect 8: clear messages.
TEST_F(BadCsvInputTest, ByteOrderMarkIsSkipped) {
  const std::string p = write("bom.csv", "\xEF\xBB\xBF" + std::string(kHeader) + row("a.png"));
  const CsvInspector::Summary s = CsvInspector::inspect(p);
  EXPECT_EQ(s.idColumn, "Image Index");
  EXPECT_EQ(s.rows, 1);
}

TEST_F(BadCsvInputTest, RandomBytesNamedGzAreNotGzip) {
  std::mt19937 rng(12);
  std::string bytes(5000, '\0');
  for (char& c : bytes) c = char(rng());
  bytes[0] = 'x';  // not the gzip signature
  const std::string p = write("random.csv.gz", bytes);
  EXPECT_NE(messageOf([&] { readAll(p); }).find(p + ": not a gzip file"), std::string::npos);
  const std::string plain = write("random.csv", bytes);
  EXPECT_NE(messageOf([&] { readAll(plain); }).find(plain + ": line 1: not a CSV text file"), std::string::npos)
      << messageOf([&] { readAll(plain); });
  // A truncated real gzip stream says so.
  const std::string gz = write("ok.csv.gz", std::string(kHeader) + row("a.png") + row("b.png"), true);
  std::string data = cxr::test::readFile(gz);
  const std::string cut = write("cut.csv.gz", data.substr(0, data.size() / 2));
  EXPECT_NE(messageOf([&] { readAll(cut); }).find(cut + ": line"), std::string::npos);
}

TEST_F(BadCsvInputTest, UnopenableFileGivesTheReason) {
  const std::string missing = (dir / "missing.csv").string();
  EXPECT_EQ(messageOf([&] { readAll(missing); }), missing + ": cannot open (No such file or directory)");
  const std::string folder = (dir / "folder.csv").string();
  fs::create_directories(folder);
  EXPECT_NE(messageOf([&] { readAll(folder); }).find(folder + ": "), std::string::npos);
}

// Defect 9: outputs are written under a temporary name and renamed when complete.
TEST_F(BadCsvInputTest, OutputsAppearCompleteOrNotAtAll) {
  const std::string out = (dir / "out.csv").string();
  {
    CsvWriter w(out);
    w.write({"a", "b"});
    EXPECT_FALSE(fs::exists(out));  // still under its temporary name
  }  // destroyed without close(): abandoned
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 0);
  {
    CsvWriter w(out);
    w.write({"a", "b"});
    w.close();
  }
  EXPECT_EQ(cxr::test::readFile(out), "a,b\n");
  // compare: a bad candidate row after good ones leaves no output (and keeps an old one).
  const std::string ref = write("ref.csv", std::string(kHeader) + row("a.png") + row("b.png"));
  const std::string bad = write("cand.csv", std::string(kHeader) + row("a.png") + row("b.png", landmarks("1e30")));
  EXPECT_NE(messageOf([&] { CsvComparison::compareFiles(ref, bad, out); }).find(bad + ": line 3"), std::string::npos);
  EXPECT_EQ(cxr::test::readFile(out), "a,b\n");
  const std::string rt = (dir / "rt.csv").string();
  EXPECT_NE(messageOf([&] { CsvRoundTrip::run(bad, rt, CsvRoundTrip::MaskSource::Rle); }).find(bad + ": line 3"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(rt));
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().string().find(".partial-"), std::string::npos) << e.path();
}

// Found by fuzz_rle (libFuzzer + UBSan): a run length near 2^63 overflowed start + length.
TEST(RleFuzzRegressionTest, HugeRunLengthIsAnErrorNotAnOverflow) {
  for (const char* rle : {"22 9223372036854775807", "9223372036854775807 1", "1 9223372036854775807"}) {
    EXPECT_NE(messageOf([&] { Rle::validate(rle, 64, 64); }).find("runs past the image"), std::string::npos) << rle;
    EXPECT_THROW(Rle::decode(rle, 64, 64), FormatError);
  }
}

// Landmarks the readers refuse can still reach the rasteriser from other paths (an edit, a
// model): a coordinate beyond int's range must not be cast as is (undefined behaviour).
TEST(RasterizerRobustnessTest, AbsurdCoordinatesAreClampedNotUndefined) {
  std::vector<cxr::format::Point> polygon{{1e300, 5}, {-1e300, 5}, {5, 1e30}, {std::nan(""), 2}};
  const Mask m = cxr::format::Rasterizer::fillPolygon(polygon, 16, 16);
  EXPECT_EQ(m.height(), 16);
  EXPECT_GT(m.area(), 0);  // the clamped triangle still covers part of the canvas
}
