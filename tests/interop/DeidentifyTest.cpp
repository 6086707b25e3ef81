// A de-identified export of a DICOM carrying a name, an id, dates and an institution contains
// none of them in any output byte (CSV, sidecar, per-image files, SEG, file names).
#include "core/image/ImageWriter.h"
#include "core/interop/DicomSeg.h"
#include "core/interop/ValidatedExporter.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "tests/interop/InteropTestUtil.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace cxr::interop;
using namespace cxr::interop::test;
namespace fs = std::filesystem;

namespace {

/// A 256 x 256 DX with identifying attributes, written with ImageWriter and completed with DCMTK.
void writeIdentifiedDicom(const std::string& path) {
  std::vector<int32_t> px(256 * 256);
  for (int y = 0; y < 256; ++y)
    for (int x = 0; x < 256; ++x) px[std::size_t(y * 256 + x)] = (x * 7 + y * 3) % 4096;
  cxr::image::DicomWriteOptions o;
  o.patientId = "PID-77123";
  o.patientName = "Doe^Johanna";
  o.bitsStored = 12;
  cxr::image::ImageWriter::writeDicom(path, px, 256, 256, o);
  DcmFileFormat ff;
  ASSERT_TRUE(ff.loadFile(path.c_str()).good());
  ASSERT_TRUE(ff.loadAllDataIntoMemory().good());  // the file is rewritten in place
  DcmDataset* d = ff.getDataset();
  d->putAndInsertString(DCM_PatientBirthDate, "19471103");
  d->putAndInsertString(DCM_StudyDate, "20210614");
  d->putAndInsertString(DCM_SeriesDate, "20210614");
  d->putAndInsertString(DCM_AcquisitionDate, "20210614");
  d->putAndInsertString(DCM_ContentDate, "20210614");
  d->putAndInsertString(DCM_StudyTime, "101530");
  d->putAndInsertString(DCM_InstitutionName, "Hospital Santa Brigida");
  d->putAndInsertString(DCM_ReferringPhysicianName, "House^Gregory");
  d->putAndInsertString(DCM_AccessionNumber, "ACC99812");
  ASSERT_TRUE(ff.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
}

}  // namespace

TEST(DeidentifyTest, NoIdentifyingValueAppearsInAnyOutputByte) {
  TempDir dir("deid");
  const std::string dicom = dir.file("Doe_Johanna_PID-77123.dcm");
  writeIdentifiedDicom(dicom);
  cxr::store::ReviewStore store(dir.file("r.db"));
  // Landmarks: the NIH row scaled to the 256 x 256 image space is not needed; use model space
  // (the geometry maps it onto 256 x 256).
  cxr::format::LandmarkSet l;
  {
    std::vector<double> xy;
    for (int organ = 0; organ < 3; ++organ) {
      const int n = organ == 0 ? 44 : organ == 1 ? 50 : 26;
      const double cx = organ == 0 ? 330 : organ == 1 ? 690 : 540, cy = organ == 2 ? 640 : 480;
      const double rx = organ == 2 ? 150 : 140, ry = organ == 2 ? 120 : 300;
      for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n;
        xy.push_back(std::round(cx + rx * std::cos(a)));
        xy.push_back(std::round(cy + ry * std::sin(a)));
      }
    }
    l = cxr::format::LandmarkSet::fromFlat(xy);
  }
  registerDicomWithVersion(store, "Hospital Santa Brigida folder", dicom, "Doe_Johanna_PID-77123.dcm", l);

  const fs::path out = dir.path / "out";
  ExportRequest req;
  req.csvPath = (out / "export.csv").string();
  req.space = CsvSpace::Original;
  req.perImageDir = (out / "images").string();
  req.dicomSegDir = (out / "seg").string();
  req.deidentifyMapPath = dir.file("mapping.csv");  // the key stays with the exporter, outside `out`
  fs::create_directories(out);
  std::vector<std::string> problems;
  req.onSkipped = [&](const std::string& image, const std::string& why) { problems.push_back(image + ": " + why); };
  // The dataset is named after the site: its name must not be written either.
  const ExportSummary s = ValidatedExporter(store).run(req);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(s.rows, 1);
  EXPECT_EQ(s.segFiles, 1);
  EXPECT_EQ(s.perImage, 1);

  const std::vector<std::string> secrets = {"Doe", "Johanna", "PID-77123", "77123", "19471103", "20210614",
                                            "101530", "Santa Brigida", "House", "Gregory", "ACC99812"};
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    for (const auto& secret : secrets)
      EXPECT_EQ(e.path().lexically_relative(out).string().find(secret), std::string::npos)
          << "file name " << e.path() << " contains " << secret;
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string bytes = readFile(e.path().string());
    for (const auto& secret : secrets)
      EXPECT_EQ(bytes.find(secret), std::string::npos) << e.path() << " contains " << secret;
  }
  EXPECT_GE(files, 8);  // CSV, sidecar, SEG, 3 masks, label map, overlay, landmarks JSON

  // The mapping links the originals to what was exported; the SEG carries the pseudonyms.
  const std::string mapping = readFile(req.deidentifyMapPath);
  EXPECT_NE(mapping.find("PID-77123"), std::string::npos);
  EXPECT_NE(mapping.find("ANON-PAT-000001"), std::string::npos);
  EXPECT_NE(mapping.find("ANON-IMG-000001"), std::string::npos);
  const SegContents c = DicomSeg::read((out / "seg" / "ANON-IMG-000001.seg.dcm").string());
  EXPECT_EQ(c.patientId, "ANON-PAT-000001");
  EXPECT_EQ(c.segments.size(), 3u);
  EXPECT_FALSE(c.referencedSopInstanceUid.empty());
  EXPECT_NE(mapping.find(c.referencedSopInstanceUid), std::string::npos);
  EXPECT_NE(mapping.find(c.studyInstanceUid), std::string::npos);
  std::string out2;
  if (runCommand("command -v dciodvfy", out2) == 0) {
    runCommand("dciodvfy '" + (out / "seg" / "ANON-IMG-000001.seg.dcm").string() + "'", out2);
    EXPECT_EQ(out2.find("Error"), std::string::npos) << out2;
  }
}
