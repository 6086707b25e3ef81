// SEG import: our own SEG of the real CR image comes back as a reader version whose masks are
// the SEG's pixels and whose fitted landmarks re-rasterise to nearly the same masks.
#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/interop/DicomSeg.h"
#include "core/interop/InteropError.h"
#include "core/interop/SegImporter.h"
#include "core/interop/ValidatedExporter.h"
#include "core/store/ReviewStore.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/interop/InteropTestUtil.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <gtest/gtest.h>

using namespace cxr::interop;
using namespace cxr::interop::test;

namespace {

double dice(const cxr::format::Mask& a, const cxr::format::Mask& b) {
  long long both = 0, sa = 0, sb = 0;
  for (std::size_t i = 0; i < a.pixels().size(); ++i) {
    sa += a.data()[i] != 0;
    sb += b.data()[i] != 0;
    both += a.data()[i] && b.data()[i];
  }
  return sa + sb == 0 ? 1.0 : 2.0 * double(both) / double(sa + sb);
}

}  // namespace

TEST(SegImportTest, OwnSegBecomesAReaderVersionWithStoredMasksAndFittedLandmarks) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  TempDir dir("segimport");
  cxr::store::ReviewStore store(dir.file("r.db"));
  const auto image = registerDicomWithVersion(store, "siim", cxr::test::sharedData("dicom/siim_cr_jpeg_baseline.dcm").string(),
                                              "siim.dcm", firstNihLandmarks());
  ExportRequest req;
  req.dicomSegDir = dir.file("seg");
  ASSERT_EQ(ValidatedExporter(store).run(req).segFiles, 1);
  const std::string seg = dir.file("seg/siim.dcm.seg.dcm");
  const SegContents contents = DicomSeg::read(seg);

  const SegImportResult r = SegImporter(store).importFile(seg, "slicer");
  EXPECT_TRUE(r.created);
  EXPECT_TRUE(r.fitted) << r.note;
  EXPECT_EQ(r.imageId, image);
  const auto v = store.versions().current(image, "slicer");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->id, r.versionId);
  EXPECT_EQ(v->source, cxr::store::VersionSource::ReaderCorrection);
  EXPECT_EQ(v->parentId, store.versions().latestModelVersion(image));
  EXPECT_EQ(v->data.maskSpace, cxr::store::LandmarkSpace::Original);
  ASSERT_TRUE(v->data.landmarksOriginal);
  const cxr::format::Organ organs[3] = {cxr::format::Organ::RightLung, cxr::format::Organ::LeftLung,
                                        cxr::format::Organ::Heart};
  for (int k = 0; k < 3; ++k) {
    SCOPED_TRACE(k);
    const auto stored = cxr::format::Rle::decode(v->data.rle(organs[k]), v->data.height, v->data.width);
    EXPECT_TRUE(stored == contents.segments[std::size_t(k)].mask) << "masks are kept as stored";
    const auto refit = cxr::format::Rasterizer::organMask(*v->data.landmarksOriginal, organs[k], v->data.height, v->data.width);
    EXPECT_GT(dice(refit, stored), 0.97);
  }
  // The fitted ring starts where CheXmask's does: the lungs at their apex.
  const auto rl = v->data.landmarksOriginal->organ(cxr::format::Organ::RightLung);
  for (const auto& p : rl) EXPECT_GE(p.y, rl.front().y);
  // ... and walk down the lateral (image-left) border first, as the release's rings do.
  double down = 0, up = 0;
  for (int i = 1; i <= 20; ++i) down += rl[std::size_t(i)].x;
  for (int i = 23; i <= 42; ++i) up += rl[std::size_t(i)].x;
  EXPECT_LT(down, up);
  const auto ll = v->data.landmarksOriginal->organ(cxr::format::Organ::LeftLung);
  double downL = 0, upL = 0;
  for (int i = 1; i <= 23; ++i) downL += ll[std::size_t(i)].x;
  for (int i = 26; i <= 48; ++i) upL += ll[std::size_t(i)].x;
  EXPECT_GT(downL, upL);

  // Importing the same file again stores nothing new.
  EXPECT_FALSE(SegImporter(store).importFile(seg, "slicer").created);
}

TEST(SegImportTest, UnknownImageIsAClearErrorAndStoresNothing) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  TempDir dir("segimport2");
  std::string seg;
  {
    cxr::store::ReviewStore source(dir.file("a.db"));
    registerDicomWithVersion(source, "siim", cxr::test::sharedData("dicom/siim_cr_jpeg_baseline.dcm").string(), "siim.dcm",
                             firstNihLandmarks());
    ExportRequest req;
    req.dicomSegDir = dir.file("seg");
    ValidatedExporter(source).run(req);
    seg = dir.file("seg/siim.dcm.seg.dcm");
  }
  cxr::store::ReviewStore empty(dir.file("b.db"));
  try {
    SegImporter(empty).importFile(seg, "slicer");
    FAIL() << "expected an error";
  } catch (const InteropError& e) {
    EXPECT_NE(std::string(e.what()).find("not in the store"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(seg), std::string::npos) << e.what();
  }
  EXPECT_EQ(empty.versions().count(), 0);
  EXPECT_THROW(SegImporter(empty).importFile(cxr::test::sharedData("dicom/siim_cr_jpeg_baseline.dcm").string(), "x"),
               InteropError);
}

TEST(SegImportTest, SegWithOtherLungCodesAndOnlyTheDerivationReferenceIsImported) {
  CXR_REQUIRE_SHARED("dicom/siim_cr_jpeg_baseline.dcm");
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  TempDir dir("segimport3");
  cxr::store::ReviewStore store(dir.file("r.db"));
  const auto image = registerDicomWithVersion(store, "siim", cxr::test::sharedData("dicom/siim_cr_jpeg_baseline.dcm").string(),
                                              "siim.dcm", firstNihLandmarks());
  ExportRequest req;
  req.dicomSegDir = dir.file("seg");
  ASSERT_EQ(ValidatedExporter(store).run(req).segFiles, 1);
  const std::string ours = dir.file("seg/siim.dcm.seg.dcm");
  const SegContents original = DicomSeg::read(ours);
  // Rewrite it the way other tools encode lungs (SCT "right/left lung structure", no laterality
  // modifier), without the Referenced Series Sequence, and with an extra segment we do not know.
  const std::string other = dir.file("other.dcm");
  {
    DcmFileFormat ff;
    ASSERT_TRUE(ff.loadFile(ours.c_str()).good());
    ASSERT_TRUE(ff.loadAllDataIntoMemory().good());
    DcmDataset* d = ff.getDataset();
    d->findAndDeleteElement(DCM_ReferencedSeriesSequence);
    const char* codes[2] = {"3341006", "44029006"};
    for (int k = 0; k < 2; ++k) {
      DcmItem* segment = nullptr;
      ASSERT_TRUE(d->findAndGetSequenceItem(DCM_SegmentSequence, segment, k).good());
      DcmItem* type = nullptr;
      ASSERT_TRUE(segment->findAndGetSequenceItem(DCM_SegmentedPropertyTypeCodeSequence, type, 0).good());
      type->putAndInsertString(DCM_CodeValue, codes[k]);
      type->putAndInsertString(DCM_CodeMeaning, k == 0 ? "Right lung structure" : "Left lung structure");
      type->findAndDeleteElement(DCM_SegmentedPropertyTypeModifierCodeSequence);
      segment->findAndDeleteElement(DCM_SegmentedPropertyTypeModifierCodeSequence);
    }
    // The heart segment becomes something else: the import must report it and go mask-only.
    DcmItem* heart = nullptr;
    ASSERT_TRUE(d->findAndGetSequenceItem(DCM_SegmentSequence, heart, 2).good());
    DcmItem* type = nullptr;
    ASSERT_TRUE(heart->findAndGetSequenceItem(DCM_SegmentedPropertyTypeCodeSequence, type, 0).good());
    type->putAndInsertString(DCM_CodeValue, "39057004");
    type->putAndInsertString(DCM_CodeMeaning, "Pulmonary valve");
    ASSERT_TRUE(ff.saveFile(other.c_str(), EXS_LittleEndianExplicit).good());
  }
  const SegImportResult r = SegImporter(store).importFile(other, "other-tool");
  EXPECT_TRUE(r.created);
  EXPECT_FALSE(r.fitted);
  EXPECT_NE(r.note.find("mask-only"), std::string::npos) << r.note;
  EXPECT_NE(r.note.find("heart"), std::string::npos) << r.note;
  EXPECT_NE(r.note.find("39057004"), std::string::npos) << r.note;
  const auto v = store.versions().current(image, "other-tool");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->note, r.note);
  EXPECT_TRUE(cxr::format::Rle::decode(v->data.rleRightLung, v->data.height, v->data.width) == original.segments[0].mask);
  EXPECT_TRUE(cxr::format::Rle::decode(v->data.rleLeftLung, v->data.height, v->data.width) == original.segments[1].mask);
  EXPECT_TRUE(v->data.rleHeart.empty());
}
