// A SEG for the real CR radiograph: dciodvfy-clean, read back with DCMTK and pydicom, frames
// equal to the exported PNG masks pixel for pixel.
#include "core/format/Mask.h"
#include "core/image/ImageLoader.h"
#include "core/interop/DicomSeg.h"
#include "core/interop/ValidatedExporter.h"
#include "core/store/ReviewStore.h"
#include "core/store/Sha256.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/interop/InteropTestUtil.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace cxr::interop;
using namespace cxr::interop::test;
namespace fs = std::filesystem;

namespace {

const char* const kSiim = "dicom/siim_cr_jpeg_baseline.dcm";
const char* const kOrganFiles[3] = {"right_lung.png", "left_lung.png", "heart.png"};

/// The exported PNG mask as a 0/255 mask.
cxr::format::Mask pngMask(const std::string& path) {
  const auto img = cxr::image::ImageLoader::load(path);
  cxr::format::Mask m(img.height, img.width);
  for (std::size_t i = 0; i < img.grey8.size(); ++i) m.data()[i] = img.grey8[i] ? 255 : 0;
  return m;
}

/// SHA-256 of a mask as 0/1 bytes (what pydicom's pixel_array of a BINARY frame holds).
std::string bitsHash(const cxr::format::Mask& m) {
  std::string bytes(m.pixels().size(), '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = m.data()[i] ? 1 : 0;
  return cxr::store::Sha256::ofString(bytes);
}

struct SegFixture {
  TempDir dir{"seg"};
  cxr::store::ReviewStore store{dir.file("r.db")};
  cxr::store::RowId image = 0;
  SegFixture() {
    image = registerDicomWithVersion(store, "siim", cxr::test::sharedData(kSiim).string(), "siim_cr_jpeg_baseline.dcm",
                                     firstNihLandmarks());
  }
  ExportSummary exportFor(const std::string& reader, const std::string& tag) {
    ExportRequest req;
    req.filter.reader = reader;
    req.space = CsvSpace::Original;
    req.perImageDir = dir.file(tag + "-images");
    req.dicomSegDir = dir.file(tag + "-seg");
    req.softwareVersion = "test";
    req.onSkipped = [](const std::string& image, const std::string& why) { ADD_FAILURE() << image << ": " << why; };
    return ValidatedExporter(store).run(req);
  }
};

}  // namespace

TEST(DicomSegTest, ModelVersionSegReadsBackWithDcmtkAndEqualsTheExportedMasks) {
  CXR_REQUIRE_SHARED(kSiim);
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  SegFixture f;
  const ExportSummary s = f.exportFor("chexmask", "model");
  ASSERT_EQ(s.segFiles, 1);
  ASSERT_EQ(s.perImage, 1);
  const std::string segPath = f.dir.file("model-seg/siim_cr_jpeg_baseline.dcm.seg.dcm");
  ASSERT_TRUE(fs::exists(segPath));
  const SegContents c = DicomSeg::read(segPath);
  const auto src = cxr::image::ImageLoader::load(cxr::test::sharedData(kSiim).string()).metadata;
  EXPECT_EQ(c.rows, src.rows);
  EXPECT_EQ(c.columns, src.columns);
  EXPECT_EQ(c.referencedSopInstanceUid, src.sopInstanceUid);
  EXPECT_EQ(c.referencedSopClassUid, src.sopClassUid);
  EXPECT_EQ(c.referencedSeriesInstanceUid, src.seriesInstanceUid);
  EXPECT_EQ(c.studyInstanceUid, src.studyInstanceUid);
  EXPECT_EQ(c.patientId, src.patientId);
  ASSERT_EQ(c.segments.size(), 3u);
  const char* modifiers[3] = {"24028007", "7771000", ""};
  const char* types[3] = {"39607008", "39607008", "80891009"};
  for (int k = 0; k < 3; ++k) {
    SCOPED_TRACE(k);
    const auto& seg = c.segments[std::size_t(k)];
    EXPECT_EQ(seg.categoryCode, "123037004");
    EXPECT_EQ(seg.categoryScheme, "SCT");
    EXPECT_EQ(seg.typeCode, types[k]);
    EXPECT_EQ(seg.typeScheme, "SCT");
    EXPECT_EQ(seg.modifierCode, modifiers[k]);
    EXPECT_EQ(seg.algorithmType, "AUTOMATIC");
    EXPECT_EQ(seg.algorithmName, "HybridGNet");
    const cxr::format::Mask png = pngMask(f.dir.file(std::string("model-images/siim_cr_jpeg_baseline.dcm/") + kOrganFiles[k]));
    EXPECT_GT(png.area(), 10000);
    EXPECT_TRUE(seg.mask == png) << "SEG frame differs from the exported mask";
  }
}

TEST(DicomSegTest, CorrectedVersionIsSemiautomaticWithTheReaderAsCreator) {
  CXR_REQUIRE_SHARED(kSiim);
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  SegFixture f;
  auto shifted = firstNihLandmarks();
  for (int i = 0; i < shifted.size(); ++i) shifted[i].x += 7;
  const auto model = f.store.versions().current(f.image, "chexmask");
  ASSERT_TRUE(model);
  f.store.saveCorrection(model->id, shifted, "julia", 12.0);
  const ExportSummary s = f.exportFor("julia", "julia");
  ASSERT_EQ(s.segFiles, 1);
  const SegContents c = DicomSeg::read(f.dir.file("julia-seg/siim_cr_jpeg_baseline.dcm.seg.dcm"));
  EXPECT_EQ(c.contentCreatorName, "julia");
  ASSERT_EQ(c.segments.size(), 3u);
  for (const auto& seg : c.segments) EXPECT_EQ(seg.algorithmType, "SEMIAUTOMATIC");
  const cxr::format::Mask png = pngMask(f.dir.file("julia-images/siim_cr_jpeg_baseline.dcm/right_lung.png"));
  EXPECT_TRUE(c.segments[0].mask == png);
}

TEST(DicomSegTest, PassesDciodvfyWithoutErrors) {
  CXR_REQUIRE_SHARED(kSiim);
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  std::string out;
  if (runCommand("command -v dciodvfy", out) != 0)
    GTEST_SKIP() << "SKIPPED: dciodvfy (Debian package dicom3tools) is not installed";
  SegFixture f;
  ASSERT_EQ(f.exportFor("chexmask", "v").segFiles, 1);
  runCommand("dciodvfy '" + f.dir.file("v-seg/siim_cr_jpeg_baseline.dcm.seg.dcm") + "'", out);
  EXPECT_EQ(out.find("Error"), std::string::npos) << out;
  EXPECT_NE(out.find("Segmentation"), std::string::npos) << out;  // recognised as a SEG IOD
}

TEST(DicomSegTest, ReadsBackWithPydicomFramesEqualToTheExportedMasks) {
  CXR_REQUIRE_SHARED(kSiim);
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  std::string out;
  if (runCommand("/usr/bin/python3 -c 'import pydicom, numpy'", out) != 0)
    GTEST_SKIP() << "SKIPPED: /usr/bin/python3 has no pydicom/numpy (Debian package python3-pydicom)";
  SegFixture f;
  ASSERT_EQ(f.exportFor("chexmask", "p").segFiles, 1);
  const std::string script = f.dir.file("check.py");
  std::ofstream(script) << R"PY(
import hashlib, json, sys
import numpy as np
import pydicom
ds = pydicom.dcmread(sys.argv[1])
frames = ds.pixel_array
if frames.ndim == 2:
    frames = frames[np.newaxis]
out = {"sop_class": ds.SOPClassUID, "type": ds.SegmentationType, "rows": int(ds.Rows), "columns": int(ds.Columns),
       "frames": int(ds.NumberOfFrames), "bits": int(ds.BitsAllocated),
       "ref_series": ds.ReferencedSeriesSequence[0].SeriesInstanceUID,
       "ref_sop": ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID,
       "derivation_sop": ds.SharedFunctionalGroupsSequence[0].DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID,
       "segments": []}
def modifier(s):
    # Since CP-1591 the modifier sits inside the Segmented Property Type Code Sequence item.
    for item in (s.SegmentedPropertyTypeCodeSequence[0], s):
        if "SegmentedPropertyTypeModifierCodeSequence" in item:
            return item.SegmentedPropertyTypeModifierCodeSequence[0].CodeValue
    return ""
for i, s in enumerate(ds.SegmentSequence):
    fr = [f for f in range(len(frames)) if int(ds.PerFrameFunctionalGroupsSequence[f].SegmentIdentificationSequence[0].ReferencedSegmentNumber) == int(s.SegmentNumber)]
    bits = frames[fr[0]].astype(np.uint8)
    out["segments"].append({"number": int(s.SegmentNumber), "label": s.SegmentLabel,
        "category": s.SegmentedPropertyCategoryCodeSequence[0].CodeValue,
        "type": s.SegmentedPropertyTypeCodeSequence[0].CodeValue,
        "modifier": modifier(s),
        "algorithm": s.SegmentAlgorithmType, "sha256": hashlib.sha256(bits.tobytes()).hexdigest(), "area": int(bits.sum())})
print(json.dumps(out))
)PY";
  ASSERT_EQ(runCommand("/usr/bin/python3 '" + script + "' '" + f.dir.file("p-seg/siim_cr_jpeg_baseline.dcm.seg.dcm") + "'", out), 0)
      << out;
  const auto j = nlohmann::json::parse(out.substr(out.find('{')));
  const auto src = cxr::image::ImageLoader::load(cxr::test::sharedData(kSiim).string()).metadata;
  EXPECT_EQ(j["sop_class"], "1.2.840.10008.5.1.4.1.1.66.4");
  EXPECT_EQ(j["type"], "BINARY");
  EXPECT_EQ(j["rows"], src.rows);
  EXPECT_EQ(j["columns"], src.columns);
  EXPECT_EQ(j["frames"], 3);
  EXPECT_EQ(j["bits"], 1);
  EXPECT_EQ(j["ref_series"], src.seriesInstanceUid);
  EXPECT_EQ(j["ref_sop"], src.sopInstanceUid);
  EXPECT_EQ(j["derivation_sop"], src.sopInstanceUid);
  ASSERT_EQ(j["segments"].size(), 3u);
  const char* types[3] = {"39607008", "39607008", "80891009"};
  const char* modifiers[3] = {"24028007", "7771000", ""};
  for (int k = 0; k < 3; ++k) {
    const auto& s = j["segments"][std::size_t(k)];
    EXPECT_EQ(s["category"], "123037004");
    EXPECT_EQ(s["type"], types[k]);
    EXPECT_EQ(s["modifier"], std::string(modifiers[k]));
    EXPECT_EQ(s["algorithm"], "AUTOMATIC");
    const cxr::format::Mask png = pngMask(f.dir.file(std::string("p-images/siim_cr_jpeg_baseline.dcm/") + kOrganFiles[k]));
    EXPECT_EQ(s["area"].get<long long>(), png.area());
    EXPECT_EQ(s["sha256"], bitsHash(png)) << "pydicom frame " << k << " differs from the exported PNG";
  }
}

TEST(DicomSegTest, DxSourceInImplicitVrWithoutCharacterSetAlsoValidates) {
  CXR_REQUIRE_SHARED("dicom/nih_00000002_000_dx.dcm");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  TempDir dir("seg-dx");
  cxr::store::ReviewStore store(dir.file("r.db"));
  const std::string src = cxr::test::sharedData("dicom/nih_00000002_000_dx.dcm").string();
  registerDicomWithVersion(store, "nih", src, "00000002_000.dcm", firstNihLandmarks());
  ExportRequest req;
  req.dicomSegDir = dir.file("seg");
  req.perImageDir = dir.file("img");
  req.space = CsvSpace::Original;
  req.onSkipped = [](const std::string& image, const std::string& why) { ADD_FAILURE() << image << ": " << why; };
  ASSERT_EQ(ValidatedExporter(store).run(req).segFiles, 1);
  const std::string seg = dir.file("seg/00000002_000.dcm.seg.dcm");
  const SegContents c = DicomSeg::read(seg);
  const auto meta = cxr::image::ImageLoader::load(src).metadata;
  EXPECT_EQ(c.referencedSopInstanceUid, meta.sopInstanceUid);
  EXPECT_EQ(c.patientId, meta.patientId);
  ASSERT_EQ(c.segments.size(), 3u);
  for (int k = 0; k < 3; ++k)
    EXPECT_TRUE(c.segments[std::size_t(k)].mask == pngMask(dir.file(std::string("img/00000002_000.dcm/") + kOrganFiles[k])));
  std::string out;
  if (runCommand("command -v dciodvfy", out) == 0) {
    runCommand("dciodvfy '" + seg + "'", out);
    EXPECT_EQ(out.find("Error"), std::string::npos) << out;
  }
}
