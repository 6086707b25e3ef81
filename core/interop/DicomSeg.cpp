// The only translation unit that includes DCMTK's dcmseg/dcmfg/dcmiod headers.
#include "core/interop/DicomSeg.h"

#include "core/interop/InteropError.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcvras.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmiod/iodmacro.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>
#include <dcmtk/oflog/oflog.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace cxr::interop {

namespace {

void check(const OFCondition& c, const std::string& what, const std::string& file) {
  if (c.bad()) throw InteropError(file + ": " + what + ": " + c.text());
}

std::string stringOf(DcmItem& item, const DcmTagKey& tag) {
  OFString v;
  if (item.findAndGetOFStringArray(tag, v).good()) return std::string(v.c_str());
  return {};
}

struct SegmentSpec {
  const char* label;
  const char* typeCode;
  const char* typeMeaning;
  const char* modifierCode;  // laterality, nullptr for the heart
  const char* modifierMeaning;
  Uint16 grey;
};

// Right lung, left lung, heart (the CheXmask organ order of the masks array).
const SegmentSpec kSegments[3] = {
    {"Right lung", "39607008", "Lung", "24028007", "Right", 0x8000},
    {"Left lung", "39607008", "Lung", "7771000", "Left", 0xA000},
    {"Heart", "80891009", "Heart", nullptr, nullptr, 0xFFFF},
};

// DICOM PS3.15 basic profile on what the SEG itself carries: subject dates and times are
// emptied (type 2) and the SEG's own Content Date/Time get a dummy value.
void blankDates(DcmItem& item) {
  for (unsigned long i = 0; i < item.card(); ++i) {
    DcmElement* e = item.getElement(i);
    const DcmEVR vr = e->ident();
    if (vr == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(e);
      for (unsigned long k = 0; k < seq->card(); ++k) blankDates(*seq->getItem(k));
      continue;
    }
    if (vr != EVR_DA && vr != EVR_TM && vr != EVR_DT) continue;
    const DcmTagKey key = e->getTag();
    if (key == DCM_ContentDate) e->putString("19000101");
    else if (key == DCM_ContentTime) e->putString("000000");
    else e->putString("");
  }
}

}  // namespace

std::string DicomSeg::newUid() {
  char uid[100];
  dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
  return uid;
}

std::optional<std::pair<int, int>> DicomSeg::imageSize(const std::string& path) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) return std::nullopt;
  Uint16 rows = 0, columns = 0;
  if (file.getDataset()->findAndGetUint16(DCM_Rows, rows).bad() ||
      file.getDataset()->findAndGetUint16(DCM_Columns, columns).bad() || rows == 0 || columns == 0)
    return std::nullopt;
  return std::make_pair(int(rows), int(columns));
}

std::array<std::string, 4> DicomSeg::sourceIdentity(const std::string& path) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) return {};
  DcmDataset& d = *file.getDataset();
  return {stringOf(d, DCM_PatientID), stringOf(d, DCM_StudyInstanceUID), stringOf(d, DCM_SeriesInstanceUID),
          stringOf(d, DCM_SOPInstanceUID)};
}

void DicomSeg::write(const SegWriteRequest& r) {
  // dcmseg warns on stderr about every empty type 2 attribute; errors still surface as OFCondition.
  OFLog::configure(std::getenv("CXR_DCMTK_DEBUG") ? OFLogger::DEBUG_LOG_LEVEL : OFLogger::ERROR_LOG_LEVEL);
  DcmFileFormat source;
  check(source.loadFile(r.sourcePath.c_str()), "cannot read the source DICOM", r.sourcePath);
  DcmDataset& src = *source.getDataset();
  Uint16 rows = 0, columns = 0;
  if (src.findAndGetUint16(DCM_Rows, rows).bad() || src.findAndGetUint16(DCM_Columns, columns).bad())
    throw InteropError(r.sourcePath + ": no Rows/Columns");
  const std::string sopClass = stringOf(src, DCM_SOPClassUID);
  const std::string sopInstance = stringOf(src, DCM_SOPInstanceUID);
  const std::string seriesUid = stringOf(src, DCM_SeriesInstanceUID);
  if (sopClass.empty() || sopInstance.empty() || seriesUid.empty())
    throw InteropError(r.sourcePath + ": the source lacks SOP Class, SOP Instance or Series Instance UID");
  for (int k = 0; k < 3; ++k) {
    const format::Mask* m = r.masks[std::size_t(k)];
    if (!m || m->height() != rows || m->width() != columns)
      throw InteropError(r.outputPath + ": mask " + std::to_string(k) + " is not " + std::to_string(rows) + " x " +
                         std::to_string(columns) + " like the source " + r.sourcePath);
  }

  IODGeneralEquipmentModule::EquipmentInfo equipment("CheXReview", "1", "CheXReview",
                                                     r.softwareVersion.empty() ? "1" : r.softwareVersion.c_str());
  const std::string creator = r.corrected ? r.readerName : std::string();
  ContentIdentificationMacro content("1", "LUNGS_HEART", "Lungs and heart (CheXmask landmarks)", creator.c_str());
  DcmSegmentation* raw = nullptr;
  check(DcmSegmentation::createBinarySegmentation(raw, rows, columns, equipment, content), "cannot create the SEG",
        r.outputPath);
  std::unique_ptr<DcmSegmentation> seg(raw);

  if (!r.deidentity) {
    // Patient, study (and Frame of Reference only when the source has one): dcmseg copies them.
    check(seg->importFromSourceImage(src, OFTrue), "cannot import patient/study from the source", r.sourcePath);
    // A malformed Patient's Age in the source ("38" instead of "038Y") is not copied (type 3).
    OFString age;
    seg->getPatientStudy().getPatientAge(age);
    if (!age.empty() && DcmAgeString::checkStringValue(age).bad()) seg->getData()->findAndDeleteElement(DCM_PatientAge);
  } else {
    // Only the pseudonyms: a minimal stand-in for the source, imported the same way (so the
    // Frame of Reference handling is identical: none, as the source has none to give).
    const SegDeidentity& d = *r.deidentity;
    DcmDataset standIn;
    standIn.putAndInsertString(DCM_PatientName, d.patientName.c_str());
    standIn.putAndInsertString(DCM_PatientID, d.patientId.c_str());
    standIn.putAndInsertString(DCM_StudyInstanceUID, d.studyInstanceUid.c_str());
    check(seg->importFromSourceImage(standIn, OFFalse), "cannot set the pseudonymous patient/study", r.outputPath);
  }
  // Projection radiographs (CR, DX, SC) rarely have a Frame of Reference. PS3.3 A.51 makes the
  // module conditional (required only without a Derivation Image functional group, which this
  // SEG always has), but dcmseg 3.6.7 lists Frame of Reference UID as type 1: drop the module's
  // rules instead of inventing a UID.
  if (r.deidentity || stringOf(src, DCM_FrameOfReferenceUID).empty()) {
    seg->getRules()->deleteRule(DCM_FrameOfReferenceUID);
    seg->getRules()->deleteRule(DCM_PositionReferenceIndicator);
  }
  const std::string segSeries = r.segSeriesInstanceUid.empty() ? newUid() : r.segSeriesInstanceUid;
  check(seg->getSeries().setSeriesInstanceUID(segSeries.c_str()), "series uid", r.outputPath);
  check(seg->getSeries().setSeriesNumber("900"), "series number", r.outputPath);
  check(seg->getSeries().setSeriesDescription(r.seriesDescription.c_str()), "series description", r.outputPath);
  const std::string segSop = r.segSopInstanceUid.empty() ? newUid() : r.segSopInstanceUid;
  check(seg->getSOPCommon().setSOPInstanceUID(segSop.c_str()), "SOP instance uid", r.outputPath);

  // The source image, in the Derivation Image functional group (shared by all frames).
  const std::string refSop = r.deidentity ? r.deidentity->sourceSopInstanceUid : sopInstance;
  const std::string refSeries = r.deidentity ? r.deidentity->sourceSeriesInstanceUid : seriesUid;
  {
    OFVector<ImageSOPInstanceReferenceMacro> refs(1);
    check(refs[0].setReferencedSOPClassUID(sopClass.c_str()), "referenced SOP class", r.outputPath);
    check(refs[0].setReferencedSOPInstanceUID(refSop.c_str()), "referenced SOP instance", r.outputPath);
    std::unique_ptr<FGDerivationImage> derivation(
        DcmSegmentation::createDerivationImageFG(refs, "Segmentation of lungs and heart"));
    if (!derivation) throw InteropError(r.outputPath + ": cannot build the Derivation Image functional group");
    check(seg->addForAllFrames(*derivation), "derivation image", r.outputPath);
  }
  // Lossy source: the SEG inherits the flag (PS3.3 C.7.6.1.1.5).
  const std::string lossy = stringOf(src, DCM_LossyImageCompression);
  if (lossy == "01") {
    std::string ratio = stringOf(src, DCM_LossyImageCompressionRatio);
    std::string method = stringOf(src, DCM_LossyImageCompressionMethod);
    if (method.empty()) method = "ISO_10918_1";
    if (ratio.empty()) ratio = "1";
    check(seg->setLossyImageCompressionFlag(ratio.c_str(), method.c_str(), OFFalse), "lossy flag", r.outputPath);
  }

  // Dimension: the referenced segment number.
  const std::string dimUid = newUid();
  check(seg->getDimensions().addDimensionIndex(DCM_ReferencedSegmentNumber, dimUid.c_str(),
                                               DCM_SegmentIdentificationSequence, "ReferencedSegmentNumber"),
        "dimension index", r.outputPath);

  const CodeSequenceMacro category("123037004", "SCT", "Anatomical Structure");
  const DcmSegTypes::E_SegmentAlgoType algo = r.corrected ? DcmSegTypes::SAT_SEMIAUTOMATIC : DcmSegTypes::SAT_AUTOMATIC;
  std::vector<Uint8> frame(std::size_t(rows) * columns);
  for (int k = 0; k < 3; ++k) {
    const SegmentSpec& s = kSegments[k];
    const CodeSequenceMacro type(s.typeCode, "SCT", s.typeMeaning);
    DcmSegment* segment = nullptr;
    check(DcmSegment::create(segment, s.label, category, type, algo, r.algorithmName.c_str()), "segment", r.outputPath);
    if (s.modifierCode)
      segment->getSegmentedPropertyTypeModifierCode().push_back(
          new CodeSequenceMacro(s.modifierCode, "SCT", s.modifierMeaning));
    AlgorithmIdentificationMacro ident;
    ident.getAlgorithmFamilyCode().set("123110", "DCM", "Artificial Intelligence");
    check(ident.setAlgorithmName(r.algorithmName.c_str()), "algorithm name", r.outputPath);
    check(ident.setAlgorithmVersion(r.algorithmVersion.empty() ? "unknown" : r.algorithmVersion.c_str()),
          "algorithm version", r.outputPath);
    check(segment->setSegmentationAlgorithmIdentification(ident), "algorithm identification", r.outputPath);
    check(segment->setRecommendedDisplayGrayscaleValue(s.grey), "display value", r.outputPath);
    Uint16 number = 0;
    const OFCondition added = seg->addSegment(segment, number);
    if (added.bad()) {
      delete segment;
      check(added, "add segment", r.outputPath);
    }
    const format::Mask& mask = *r.masks[std::size_t(k)];
    std::memcpy(frame.data(), mask.data(), frame.size());
    FGFrameContent frameContent;
    check(frameContent.setDimensionIndexValues(number, 0), "dimension index value", r.outputPath);
    OFVector<FGBase*> perFrame;
    perFrame.push_back(&frameContent);
    check(seg->addFrame(frame.data(), number, perFrame), "add frame", r.outputPath);
  }

  DcmFileFormat out;
  check(seg->writeDataset(*out.getDataset()), "cannot build the SEG data set", r.outputPath);
  DcmDataset& ds = *out.getDataset();
  // Referenced Series Sequence (Common Instance Reference module): the source series and image.
  {
    DcmItem* seriesItem = nullptr;
    check(ds.findOrCreateSequenceItem(DCM_ReferencedSeriesSequence, seriesItem, 0), "referenced series", r.outputPath);
    check(seriesItem->putAndInsertString(DCM_SeriesInstanceUID, refSeries.c_str()), "referenced series uid",
          r.outputPath);
    DcmItem* instanceItem = nullptr;
    check(seriesItem->findOrCreateSequenceItem(DCM_ReferencedInstanceSequence, instanceItem, 0),
          "referenced instance", r.outputPath);
    check(instanceItem->putAndInsertString(DCM_ReferencedSOPClassUID, sopClass.c_str()), "ref class", r.outputPath);
    check(instanceItem->putAndInsertString(DCM_ReferencedSOPInstanceUID, refSop.c_str()), "ref instance",
          r.outputPath);
  }
  // General Image: Patient Orientation is type 2C, required when there is no Image Orientation
  // (Patient), i.e. always for a SEG without Frame of Reference: the source's, else empty.
  if (!ds.tagExists(DCM_PatientOrientation))
    check(ds.putAndInsertString(DCM_PatientOrientation, stringOf(src, DCM_PatientOrientation).c_str()),
          "patient orientation", r.outputPath);
  if (r.deidentity) {
    blankDates(ds);
    ds.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    ds.putAndInsertString(DCM_DeidentificationMethod, "PS3.15 Basic Profile (CheXReview)");
  }
  const std::string tmp = r.outputPath + ".part";
  check(out.saveFile(tmp.c_str(), EXS_LittleEndianExplicit), "cannot write", tmp);
  if (std::rename(tmp.c_str(), r.outputPath.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw InteropError(r.outputPath + ": cannot rename the finished file into place");
  }
}

SegContents DicomSeg::read(const std::string& path) {
  DcmFileFormat file;
  check(file.loadFile(path.c_str()), "cannot read", path);
  DcmDataset& ds = *file.getDataset();
  SegContents c;
  c.sopInstanceUid = stringOf(ds, DCM_SOPInstanceUID);
  c.seriesInstanceUid = stringOf(ds, DCM_SeriesInstanceUID);
  c.studyInstanceUid = stringOf(ds, DCM_StudyInstanceUID);
  c.patientId = stringOf(ds, DCM_PatientID);
  c.contentCreatorName = stringOf(ds, DCM_ContentCreatorName);
  if (stringOf(ds, DCM_SOPClassUID) != UID_SegmentationStorage)
    throw InteropError(path + ": not a DICOM Segmentation object (SOP Class " + stringOf(ds, DCM_SOPClassUID) + ")");
  DcmItem* series = nullptr;
  if (ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, series, 0).good() && series) {
    c.referencedSeriesInstanceUid = stringOf(*series, DCM_SeriesInstanceUID);
    DcmItem* inst = nullptr;
    if (series->findAndGetSequenceItem(DCM_ReferencedInstanceSequence, inst, 0).good() && inst) {
      c.referencedSopInstanceUid = stringOf(*inst, DCM_ReferencedSOPInstanceUID);
      c.referencedSopClassUid = stringOf(*inst, DCM_ReferencedSOPClassUID);
    }
  }
  DcmSegmentation* raw = nullptr;
  check(DcmSegmentation::loadDataset(ds, raw), "not a readable SEG", path);
  std::unique_ptr<DcmSegmentation> seg(raw);
  Uint16 rows = 0, columns = 0;
  ds.findAndGetUint16(DCM_Rows, rows);
  ds.findAndGetUint16(DCM_Columns, columns);
  c.rows = rows;
  c.columns = columns;
  if (c.referencedSopInstanceUid.empty()) {
    // Other tools may reference the source only through the Derivation Image functional group.
    FGDerivationImage* der = OFstatic_cast(FGDerivationImage*, seg->getFunctionalGroups().get(0, DcmFGTypes::EFG_DERIVATIONIMAGE));
    if (der && !der->getDerivationImageItems().empty() &&
        !der->getDerivationImageItems()[0]->getSourceImageItems().empty()) {
      OFString v;
      der->getDerivationImageItems()[0]->getSourceImageItems()[0]->getImageSOPInstanceReference().getReferencedSOPInstanceUID(v);
      c.referencedSopInstanceUid = v.c_str();
      der->getDerivationImageItems()[0]->getSourceImageItems()[0]->getImageSOPInstanceReference().getReferencedSOPClassUID(v);
      c.referencedSopClassUid = v.c_str();
    }
  }
  const std::size_t n = seg->getNumberOfSegments();
  const bool binary = seg->getSegmentationType() == DcmSegTypes::ST_BINARY;
  for (std::size_t number = 1; number <= n; ++number) {
    DcmSegment* s = seg->getSegment(number);
    if (!s) continue;
    SegContents::Segment out;
    out.number = int(number);
    OFString v;
    s->getSegmentLabel(v);
    out.label = v.c_str();
    s->getSegmentedPropertyCategoryCode().getCodeValue(v);
    out.categoryCode = v.c_str();
    s->getSegmentedPropertyCategoryCode().getCodingSchemeDesignator(v);
    out.categoryScheme = v.c_str();
    s->getSegmentedPropertyTypeCode().getCodeValue(v);
    out.typeCode = v.c_str();
    s->getSegmentedPropertyTypeCode().getCodingSchemeDesignator(v);
    out.typeScheme = v.c_str();
    if (!s->getSegmentedPropertyTypeModifierCode().empty()) {
      s->getSegmentedPropertyTypeModifierCode()[0]->getCodeValue(v);
      out.modifierCode = v.c_str();
    }
    out.algorithmType = DcmSegTypes::algoType2OFString(s->getSegmentAlgorithmType()).c_str();
    s->getSegmentAlgorithmName(v);
    out.algorithmName = v.c_str();
    OFVector<size_t> frames;
    seg->getFramesForSegment(number, frames);
    out.mask = format::Mask(rows, columns);
    for (size_t f : frames) {
      const DcmIODTypes::Frame* frame = seg->getFrame(f);
      if (!frame) throw InteropError(path + ": frame " + std::to_string(f + 1) + " is missing");
      if (binary) {
        DcmIODTypes::Frame* unpacked = DcmSegUtils::unpackBinaryFrame(frame, rows, columns);
        if (!unpacked) throw InteropError(path + ": cannot unpack frame " + std::to_string(f + 1));
        for (std::size_t i = 0; i < out.mask.pixels().size() && i < unpacked->length; ++i)
          if (unpacked->pixData[i]) out.mask.data()[i] = 255;
        delete unpacked;
      } else {
        for (std::size_t i = 0; i < out.mask.pixels().size() && i < frame->length; ++i)
          if (frame->pixData[i]) out.mask.data()[i] = 255;
      }
    }
    c.segments.push_back(std::move(out));
  }
  return c;
}

}  // namespace cxr::interop
