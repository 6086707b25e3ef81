#include "core/image/DicomReader.h"

#include "core/image/DcmtkCodecs.h"
#include "core/image/GreyMapping.h"
#include "core/image/ImageError.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cmath>

namespace cxr::image {
namespace {

/// DCMTK's condition in words a user can act on (its own text kept in parentheses).
std::string describeCondition(const OFCondition& status) {
  const std::string text = status.text();
  if (text.find("premature end of stream") != std::string::npos)
    return "the file is truncated or corrupt (it ends in the middle of a DICOM element; DCMTK: " + text + ")";
  if (text.find("Invalid stream") != std::string::npos || text.find("Illegal") != std::string::npos ||
      text.find("Corrupted") != std::string::npos)
    return "the file is corrupt or not DICOM (DCMTK: " + text + ")";
  return text;
}


std::string text(DcmItem& item, const DcmTagKey& key) {
  OFString value;
  if (item.findAndGetOFStringArray(key, value).bad()) return {};
  std::string s = value.c_str();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

int uint16Value(DcmItem& item, const DcmTagKey& key, int fallback) {
  Uint16 value = 0;
  return item.findAndGetUint16(key, value).good() ? int(value) : fallback;
}

double doubleValue(DcmItem& item, const DcmTagKey& key, double fallback, unsigned long pos = 0) {
  Float64 value = 0;
  return item.findAndGetFloat64(key, value, pos).good() ? double(value) : fallback;
}

void readIdentity(DcmItem& ds, ImageMetadata& md) {
  md.patientId = text(ds, DCM_PatientID);
  md.patientName = text(ds, DCM_PatientName);
  md.studyInstanceUid = text(ds, DCM_StudyInstanceUID);
  md.seriesInstanceUid = text(ds, DCM_SeriesInstanceUID);
  md.sopInstanceUid = text(ds, DCM_SOPInstanceUID);
  md.sopClassUid = text(ds, DCM_SOPClassUID);
  md.modality = text(ds, DCM_Modality);
  md.viewPosition = text(ds, DCM_ViewPosition);
  md.bodyPartExamined = text(ds, DCM_BodyPartExamined);
  md.studyDate = text(ds, DCM_StudyDate);
  md.manufacturer = text(ds, DCM_Manufacturer);
  for (const auto& [key, name] : {std::pair{DCM_PixelSpacing, "PixelSpacing"},
                                  std::pair{DCM_ImagerPixelSpacing, "ImagerPixelSpacing"}}) {
    const double row = doubleValue(ds, key, 0.0, 0);
    const double col = doubleValue(ds, key, row, 1);
    if (row > 0.0) {
      md.pixelSpacingRow = row;
      md.pixelSpacingColumn = col;
      md.pixelSpacingSource = name;
      break;
    }
  }
}

void readPixelModule(DcmItem& ds, ImageMetadata& md) {
  md.photometricInterpretation = text(ds, DCM_PhotometricInterpretation);
  md.rows = uint16Value(ds, DCM_Rows, 0);
  md.columns = uint16Value(ds, DCM_Columns, 0);
  md.bitsAllocated = uint16Value(ds, DCM_BitsAllocated, 0);
  md.bitsStored = uint16Value(ds, DCM_BitsStored, md.bitsAllocated);
  md.highBit = uint16Value(ds, DCM_HighBit, md.bitsStored - 1);
  md.pixelSigned = uint16Value(ds, DCM_PixelRepresentation, 0) == 1;
  md.samplesPerPixel = uint16Value(ds, DCM_SamplesPerPixel, 1);
  Sint32 frames = 1;
  if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).good() && frames > 1)
    md.numberOfFrames = int(frames);
  md.rescaleSlope = doubleValue(ds, DCM_RescaleSlope, 1.0);
  md.rescaleIntercept = doubleValue(ds, DCM_RescaleIntercept, 0.0);
  md.hasModalityLutSequence = ds.tagExists(DCM_ModalityLUTSequence);
}

/// LUT Descriptor (entries, first mapped value, bits) and data of one LUT sequence item.
bool readLut(DcmItem& item, bool pixelSigned, int& firstMapped, std::vector<uint16_t>& data) {
  Uint16 entries = 0, first = 0;
  if (item.findAndGetUint16(DCM_LUTDescriptor, entries, 0).bad() ||
      item.findAndGetUint16(DCM_LUTDescriptor, first, 1).bad())
    return false;
  const Uint16* values = nullptr;
  unsigned long count = 0;
  if (item.findAndGetUint16Array(DCM_LUTData, values, &count).bad() || !values || count == 0)
    return false;
  const size_t n = entries == 0 ? 65536 : entries;
  firstMapped = pixelSigned ? int(Sint16(first)) : int(first);
  data.assign(values, values + std::min<size_t>(n, count));
  return true;
}

void readVoiOptions(DcmItem& ds, ImageMetadata& md) {
  DcmItem* item = nullptr;
  for (unsigned long i = 0; ds.findAndGetSequenceItem(DCM_VOILUTSequence, item, long(i)).good();
       ++i) {
    VoiOption lut;
    lut.kind = VoiOption::Kind::Lut;
    lut.explanation = text(*item, DCM_LUTExplanation);
    if (readLut(*item, md.pixelSigned, lut.lutFirstMapped, lut.lutData))
      md.voiOptions.push_back(std::move(lut));
    else
      md.warnings.push_back("VOI LUT item " + std::to_string(i + 1) + " is incomplete; ignored");
  }
  const std::string function = text(ds, DCM_VOILUTFunction);
  for (unsigned long i = 0;; ++i) {
    Float64 center = 0, width = 0;
    if (ds.findAndGetFloat64(DCM_WindowCenter, center, i).bad() ||
        ds.findAndGetFloat64(DCM_WindowWidth, width, i).bad())
      break;
    if (!(width > 0.0)) {
      md.warnings.push_back("window " + std::to_string(i + 1) + " has width <= 0; ignored");
      continue;
    }
    VoiOption window;
    window.center = center;
    window.width = width;
    if (!function.empty()) window.function = function;
    OFString explanation;
    if (ds.findAndGetOFString(DCM_WindowCenterWidthExplanation, explanation, i).good())
      window.explanation = explanation.c_str();
    md.voiOptions.push_back(std::move(window));
  }
}

void readTransferSyntax(DcmFileFormat& file, ImageMetadata& md) {
  const E_TransferSyntax xfer = file.getDataset()->getOriginalXfer();
  const DcmXfer known(xfer);
  md.transferSyntaxUid = text(*file.getMetaInfo(), DCM_TransferSyntaxUID);
  if (md.transferSyntaxUid.empty()) md.transferSyntaxUid = known.getXferID();
  md.transferSyntaxName = xfer == EXS_Unknown ? "unknown" : known.getXferName();
}

/// Rejects pixel layouts this reader does not handle, naming the attribute.
void checkPixelModule(const std::string& path, const ImageMetadata& md,
                      const LoadOptions& options) {
  if (md.rows <= 0 || md.columns <= 0)
    throw ImageError(path + ": DICOM Rows/Columns missing or zero (" + std::to_string(md.rows) +
                     " x " + std::to_string(md.columns) + ")");
  ImageLoader::checkSize(path, md.columns, md.rows, options);
  const int ba = md.bitsAllocated;
  if (ba != 8 && ba != 16 && ba != 32)
    throw ImageError(path + ": unsupported Bits Allocated " + std::to_string(ba));
  if (md.bitsStored < 1 || md.bitsStored > ba || md.highBit < md.bitsStored - 1 ||
      md.highBit >= ba)
    throw ImageError(path + ": inconsistent Bits Stored " + std::to_string(md.bitsStored) +
                     " / High Bit " + std::to_string(md.highBit) + " for Bits Allocated " +
                     std::to_string(ba));
  if (md.samplesPerPixel != 1 && md.samplesPerPixel != 3)
    throw ImageError(path + ": unsupported Samples per Pixel " +
                     std::to_string(md.samplesPerPixel));
}

/// Decodes frame 0 (uncompressed copy or codec decompression) into local-byte-order samples.
std::vector<uint8_t> decodeFirstFrame(const std::string& path, DcmDataset& ds,
                                      const ImageMetadata& md, std::string& colorModel) {
  DcmElement* element = nullptr;
  if (ds.findAndGetElement(DCM_PixelData, element).bad() || !element)
    throw ImageError(path + ": no Pixel Data element (not an image object)");
  // DCMTK makes a DcmPixelData only for OB/OW (and implicit) Pixel Data: another explicit VR
  // (OD, OF, UN, SQ ...) gives another class, which a static cast misread (a fuzzer found it
  // with UBSan: a DcmOtherDouble taken for pixel data).
  auto* pixelData = dynamic_cast<DcmPixelData*>(element);
  if (!pixelData)
    throw ImageError(path + ": Pixel Data (7FE0,0010) has value representation " +
                     std::string(DcmVR(element->getVR()).getVRName()) +
                     ", not OB or OW (not a valid image object)");
  const E_TransferSyntax xfer = ds.getOriginalXfer();
  const DcmXfer xferInfo(xfer);
  if (xfer == EXS_Unknown || (xferInfo.isEncapsulated() && !DcmCodecList::canChangeCoding(
                                                              xfer, EXS_LittleEndianExplicit)))
    throw ImageError(path + ": unsupported transfer syntax " + md.transferSyntaxName + " (" +
                     md.transferSyntaxUid + "): no decoder available in this build");
  Uint32 frameSize = 0;
  if (pixelData->getUncompressedFrameSize(&ds, frameSize).bad() || frameSize == 0)
    throw ImageError(path + ": cannot compute the frame size from the pixel module");
  if (!xferInfo.isEncapsulated() && element->getLength() < frameSize)
    throw ImageError(path + ": pixel data has " + std::to_string(element->getLength()) +
                     " bytes, a frame needs " + std::to_string(frameSize) + " (truncated file?)");
  // DCMTK wants an even buffer size (it may swap 16-bit words in place).
  const Uint32 bufferSize = frameSize + (frameSize & 1u);
  std::vector<uint8_t> frame(bufferSize, 0);
  Uint32 startFragment = 0;
  OFString model;
  const OFCondition status =
      pixelData->getUncompressedFrame(&ds, 0, startFragment, frame.data(), bufferSize, model);
  if (status.bad())
    throw ImageError(path + ": cannot decode the " + md.transferSyntaxName +
                     " pixel data: " + describeCondition(status));
  colorModel = model.empty() ? md.photometricInterpretation : std::string(model.c_str());
  frame.resize(frameSize);
  return frame;
}

/// Stored sample k of the frame as an integer (mask, shift and sign per the pixel module).
struct SampleReader {
  const uint8_t* bytes;
  int bytesPerSample;
  int shift;
  uint32_t mask;
  uint32_t signBit;
  bool isSigned;

  double operator()(size_t k) const {
    const uint8_t* p = bytes + k * size_t(bytesPerSample);
    uint32_t word = p[0];
    for (int b = 1; b < bytesPerSample; ++b) word |= uint32_t(p[b]) << (8 * b);
    word = (word >> shift) & mask;
    if (isSigned && (word & signBit)) return double(int64_t(word) - int64_t(mask) - 1);
    return double(word);
  }
};

SampleReader makeSampleReader(const std::vector<uint8_t>& frame, const ImageMetadata& md) {
  SampleReader r{};
  r.bytes = frame.data();
  r.bytesPerSample = md.bitsAllocated / 8;
  r.shift = md.highBit + 1 - md.bitsStored;
  r.mask = md.bitsStored >= 32 ? 0xFFFFFFFFu : ((1u << md.bitsStored) - 1u);
  r.signBit = 1u << (md.bitsStored - 1);
  r.isSigned = md.pixelSigned;
  return r;
}

/// Grey values of frame 0: stored values (monochrome) or luminance (colour).
std::vector<float> greyValues(const std::string& path, const std::vector<uint8_t>& frame,
                              ImageMetadata& md, const std::string& colorModel,
                              bool planar) {
  const size_t n = size_t(md.rows) * size_t(md.columns);
  const SampleReader sample = makeSampleReader(frame, md);
  std::vector<float> out(n);
  if (md.samplesPerPixel == 1) {
    if (colorModel != "MONOCHROME1" && colorModel != "MONOCHROME2")
      throw ImageError(path + ": unsupported photometric interpretation " + colorModel);
    if (md.bitsAllocated == 16 && !md.pixelSigned && sample.shift == 0) {
      // The common case (unsigned, low-aligned 16-bit), without the generic unpacking.
      const uint16_t mask = uint16_t(sample.mask);
      for (size_t i = 0; i < n; ++i)
        out[i] = float(uint16_t(frame[2 * i] | (frame[2 * i + 1] << 8)) & mask);
      return out;
    }
    for (size_t i = 0; i < n; ++i) out[i] = float(sample(i));
    return out;
  }
  md.warnings.push_back("colour image (" + colorModel + ") converted to grey");
  if (colorModel == "RGB") {
    for (size_t i = 0; i < n; ++i) {
      const size_t r = planar ? i : 3 * i, g = planar ? n + i : 3 * i + 1,
                   b = planar ? 2 * n + i : 3 * i + 2;
      out[i] = float(0.299 * sample(r) + 0.587 * sample(g) + 0.114 * sample(b));
    }
  } else if (colorModel == "YBR_FULL_422") {
    // Two luminance samples, then Cb and Cr, for each pair of pixels.
    for (size_t i = 0; i < n; ++i) out[i] = float(sample(4 * (i / 2) + (i % 2)));
  } else if (colorModel == "YBR_FULL" || colorModel == "YBR_ICT" || colorModel == "YBR_RCT") {
    for (size_t i = 0; i < n; ++i) out[i] = float(sample(planar ? i : 3 * i));
  } else {
    throw ImageError(path + ": unsupported colour model " + colorModel);
  }
  return out;
}

void applyModalityLut(DcmItem& ds, ImageMetadata& md, std::vector<float>& values) {
  DcmItem* item = nullptr;
  int first = 0;
  std::vector<uint16_t> lut;
  if (md.hasModalityLutSequence &&
      ds.findAndGetSequenceItem(DCM_ModalityLUTSequence, item, 0).good() &&
      readLut(*item, md.pixelSigned, first, lut)) {
    const long long last = static_cast<long long>(lut.size()) - 1;
    for (float& v : values)
      v = float(lut[size_t(std::clamp(static_cast<long long>(v) - first, 0LL, last))]);
    return;
  }
  if (md.rescaleSlope == 1.0 && md.rescaleIntercept == 0.0) return;
  for (float& v : values) v = float(double(v) * md.rescaleSlope + md.rescaleIntercept);
}

}  // namespace

LoadedImage DicomReader::read(const std::string& path, const LoadOptions& options) {
  DcmtkCodecs::ensureRegistered();
  DcmFileFormat file;
  const OFCondition status =
      file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
  if (status.bad()) throw ImageError(path + ": cannot parse DICOM: " + describeCondition(status));
  DcmDataset& ds = *file.getDataset();

  LoadedImage image;
  ImageMetadata& md = image.metadata;
  md.path = path;
  md.fileFormat = "DICOM";
  readTransferSyntax(file, md);
  readIdentity(ds, md);
  readPixelModule(ds, md);
  checkPixelModule(path, md, options);
  readVoiOptions(ds, md);
  if (md.numberOfFrames > 1)
    md.warnings.push_back("multi-frame image (" + std::to_string(md.numberOfFrames) +
                          " frames): only the first frame is used");

  std::string colorModel;
  const std::vector<uint8_t> frame = decodeFirstFrame(path, ds, md, colorModel);
  const bool planar = uint16Value(ds, DCM_PlanarConfiguration, 0) == 1;
  image.width = md.columns;
  image.height = md.rows;
  image.pixels = greyValues(path, frame, md, colorModel, planar);
  const bool grey = md.samplesPerPixel == 1;
  if (grey) applyModalityLut(ds, md, image.pixels);
  const auto [lo, hi] = std::minmax_element(image.pixels.begin(), image.pixels.end());
  image.minValue = *lo;
  image.maxValue = *hi;
  image.monochrome1 = grey && colorModel == "MONOCHROME1";

  const VoiOption* voi = nullptr;
  if (grey && options.voiIndex >= 0 && !md.voiOptions.empty()) {
    if (options.voiIndex >= int(md.voiOptions.size()))
      throw ImageError(path + ": VOI option " + std::to_string(options.voiIndex) +
                       " requested, the file offers " + std::to_string(md.voiOptions.size()));
    voi = &md.voiOptions[size_t(options.voiIndex)];
    md.appliedVoi = options.voiIndex;
  }
  image.grey8 = GreyMapping::render(image.pixels, voi, image.monochrome1);
  if (image.minValue == image.maxValue) md.warnings.push_back("constant image");
  return image;
}

}  // namespace cxr::image
