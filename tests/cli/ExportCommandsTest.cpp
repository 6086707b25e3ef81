// `chexreview-cli export` end to end: the exact SEG command line other tools call, the CSV in
// original space, and clear errors for unknown names.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using cxr::test::runCli;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ExportCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("cli-export"); }
  void TearDown() override { fs::remove_all(dir); }
  /// A one-row model CSV whose id is the shared CR DICOM file name, imported with
  /// --image-root so the store knows the DICOM file.
  std::string storeWithDicom() {
    const std::string csv = (dir / "siim.csv").string();
    {
      cxr::format::CheXmaskCsvReader reader(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string());
      cxr::format::CheXmaskRow row;
      EXPECT_TRUE(reader.next(row));
      row.columns.clear();
      row.imageId = "siim_cr_jpeg_baseline.dcm";
      cxr::format::CheXmaskCsvWriter writer(csv, cxr::format::CheXmaskCsvWriter::modelHeader("Image Index"));
      writer.write(row);
      writer.close();
    }
    const std::string db = (dir / "r.db").string();
    const auto r = runCli({"import", "-q", "-d", db, csv, "--image-root",
                           cxr::test::sharedData("dicom").string()});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    return db;
  }
  fs::path dir;
};

}  // namespace

TEST_F(ExportCommandsTest, DicomSegCommandLineWritesOneSegPerDicomImage) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  const std::string db = storeWithDicom();
  const fs::path seg = dir / "seg";
  auto r = runCli({"export", "-d", db, "--dicom-seg", seg.string(), "--reader", "chexmask"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(fs::exists(seg / "siim_cr_jpeg_baseline.dcm.seg.dcm")) << r.output;
  EXPECT_TRUE(fs::exists(seg / "provenance.json"));
  // Exactly the documented form with de-identification.
  const fs::path anon = dir / "anon";
  const std::string map = (dir / "map.csv").string();
  r = runCli({"export", "-d", db, "--dicom-seg", anon.string(), "--reader", "chexmask", "--deidentify", map});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(fs::exists(anon / "ANON-IMG-000001.seg.dcm")) << r.output;
  const std::string mapping = slurp(map);
  EXPECT_NE(mapping.find("16d7f894-55d7-4d95-8957-d18987f0e981"), std::string::npos) << mapping;  // source Patient ID
  EXPECT_EQ(slurp(anon / "ANON-IMG-000001.seg.dcm").find("16d7f894"), std::string::npos);
}

TEST_F(ExportCommandsTest, OriginalSpaceCsvAndUnknownNames) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  const std::string db = storeWithDicom();
  const std::string out = (dir / "orig.csv.gz").string();
  auto r = runCli({"export", "-d", db, "-o", out, "--space", "original", "--status", "any"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  cxr::format::CheXmaskCsvReader reader(out);
  cxr::format::CheXmaskRow row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.height, 1024);
  EXPECT_EQ(row.column("Landmarks")->substr(0, 2), "[[");
  EXPECT_TRUE(fs::exists(out + ".provenance.json"));

  r = runCli({"export", "-d", db, "-o", (dir / "x.csv").string(), "--reader", "nobody"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("nobody"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "x.csv"));
  r = runCli({"export", "-d", db});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("--dicom-seg"), std::string::npos) << r.output;
}
