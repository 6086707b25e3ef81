#include "core/image/ImageWriter.h"

#include "core/image/DcmtkCodecs.h"
#include "core/image/ImageError.h"
#include "core/image/RasterIO.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <memory>
#include <locale>
#include <sstream>

namespace cxr::image {
namespace {

E_TransferSyntax toXfer(DicomEncoding encoding) {
  switch (encoding) {
    case DicomEncoding::ExplicitLittle: return EXS_LittleEndianExplicit;
    case DicomEncoding::ImplicitLittle: return EXS_LittleEndianImplicit;
    case DicomEncoding::ExplicitBig: return EXS_BigEndianExplicit;
    case DicomEncoding::Deflated: return EXS_DeflatedLittleEndianExplicit;
    case DicomEncoding::Rle: return EXS_RLELossless;
    case DicomEncoding::JpegLsLossless: return EXS_JPEGLSLossless;
    case DicomEncoding::JpegLossless: return EXS_JPEGProcess14SV1;
    case DicomEncoding::JpegBaseline: return EXS_JPEGProcess1;
  }
  return EXS_LittleEndianExplicit;
}

std::string decimal(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());  // DICOM decimal strings use '.', whatever the locale
  out.precision(10);
  out << value;
  return out.str();
}

std::string uidOr(const std::string& given, const char* root) {
  if (!given.empty()) return given;
  char buffer[100];
  return dcmGenerateUniqueIdentifier(buffer, root);
}

void check(const std::string& path, const OFCondition& status, const char* what) {
  if (status.bad()) throw ImageError(path + ": cannot write DICOM (" + what + "): " + status.text());
}

void putAttributes(const std::string& path, DcmDataset& ds, int width, int height,
                   const DicomWriteOptions& o) {
  check(path, ds.putAndInsertString(DCM_SOPClassUID, UID_DigitalXRayImageStorageForPresentation),
        "SOP class");
  check(path, ds.putAndInsertString(DCM_SOPInstanceUID,
                                    uidOr(o.sopInstanceUid, SITE_INSTANCE_UID_ROOT).c_str()),
        "UID");
  ds.putAndInsertString(DCM_StudyInstanceUID, uidOr(o.studyInstanceUid, SITE_STUDY_UID_ROOT).c_str());
  ds.putAndInsertString(DCM_SeriesInstanceUID,
                        uidOr(o.seriesInstanceUid, SITE_SERIES_UID_ROOT).c_str());
  ds.putAndInsertString(DCM_PatientID, o.patientId.c_str());
  ds.putAndInsertString(DCM_PatientName, o.patientName.c_str());
  ds.putAndInsertString(DCM_Modality, o.modality.c_str());
  ds.putAndInsertString(DCM_ViewPosition, o.viewPosition.c_str());
  ds.putAndInsertString(DCM_BodyPartExamined, o.bodyPartExamined.c_str());
  ds.putAndInsertString(DCM_PresentationIntentType, "FOR PRESENTATION");
  if (o.pixelSpacing > 0.0) {
    const std::string spacing = decimal(o.pixelSpacing) + "\\" + decimal(o.pixelSpacing);
    ds.putAndInsertString(DCM_ImagerPixelSpacing, spacing.c_str());
    ds.putAndInsertString(DCM_PixelSpacing, spacing.c_str());
  }
  ds.putAndInsertString(DCM_PhotometricInterpretation, o.photometric.c_str());
  ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds.putAndInsertUint16(DCM_Rows, Uint16(height));
  ds.putAndInsertUint16(DCM_Columns, Uint16(width));
  ds.putAndInsertUint16(DCM_BitsAllocated, Uint16(o.bitsAllocated));
  ds.putAndInsertUint16(DCM_BitsStored, Uint16(o.bitsStored));
  ds.putAndInsertUint16(DCM_HighBit, Uint16(o.bitsStored - 1));
  ds.putAndInsertUint16(DCM_PixelRepresentation, o.pixelSigned ? 1 : 0);
  if (o.writeRescale) {
    ds.putAndInsertString(DCM_RescaleSlope, decimal(o.rescaleSlope).c_str());
    ds.putAndInsertString(DCM_RescaleIntercept, decimal(o.rescaleIntercept).c_str());
    ds.putAndInsertString(DCM_RescaleType, "US");
  }
  std::string centers, widths;
  for (const auto& [center, width] : o.windows) {
    centers += (centers.empty() ? "" : "\\") + decimal(center);
    widths += (widths.empty() ? "" : "\\") + decimal(width);
  }
  if (!centers.empty()) {
    ds.putAndInsertString(DCM_WindowCenter, centers.c_str());
    ds.putAndInsertString(DCM_WindowWidth, widths.c_str());
  }
  if (!o.voiLutFunction.empty()) ds.putAndInsertString(DCM_VOILUTFunction, o.voiLutFunction.c_str());
}

void putPixels(const std::string& path, DcmDataset& ds, const std::vector<int32_t>& stored,
               const DicomWriteOptions& o) {
  const int64_t lo = o.pixelSigned ? -(int64_t(1) << (o.bitsStored - 1)) : 0;
  const int64_t hi = o.pixelSigned ? (int64_t(1) << (o.bitsStored - 1)) - 1
                                   : (int64_t(1) << o.bitsStored) - 1;
  const uint32_t mask = uint32_t((int64_t(1) << o.bitsStored) - 1);
  for (int32_t v : stored)
    if (v < lo || v > hi)
      throw ImageError(path + ": stored value " + std::to_string(v) + " does not fit " +
                       std::to_string(o.bitsStored) + " bits" + (o.pixelSigned ? " signed" : ""));
  if (o.bitsAllocated == 8) {
    std::vector<Uint8> bytes(stored.size());
    for (size_t i = 0; i < stored.size(); ++i) bytes[i] = Uint8(uint32_t(stored[i]) & mask);
    check(path, ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), bytes.size()), "pixels");
  } else {
    std::vector<Uint16> words(stored.size());
    for (size_t i = 0; i < stored.size(); ++i) words[i] = Uint16(uint32_t(stored[i]) & mask);
    check(path, ds.putAndInsertUint16Array(DCM_PixelData, words.data(), words.size()), "pixels");
  }
}

/// Compresses the pixel data in place for encapsulated transfer syntaxes.
void encode(const std::string& path, DcmDataset& ds, DicomEncoding encoding) {
  const E_TransferSyntax xfer = toXfer(encoding);
  std::unique_ptr<DcmRepresentationParameter> params;
  if (encoding == DicomEncoding::JpegLsLossless) params = std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
  else if (encoding == DicomEncoding::JpegLossless) params = std::make_unique<DJ_RPLossless>(1, 0);
  else if (encoding == DicomEncoding::JpegBaseline) params = std::make_unique<DJ_RPLossy>(95);
  else if (encoding == DicomEncoding::Rle) params = std::make_unique<DcmRLERepresentationParameter>();
  else return;
  check(path, ds.chooseRepresentation(xfer, params.get()), DcmXfer(xfer).getXferName());
  if (!ds.canWriteXfer(xfer))
    throw ImageError(path + ": cannot write DICOM: DCMTK could not encode the pixels as " +
                     DcmXfer(xfer).getXferName());
}

}  // namespace

void ImageWriter::writePng8(const std::string& path, const uint8_t* pixels, int width,
                            int height) {
  RasterIO::writePng(path, pixels, width, height, 8);
}

void ImageWriter::writePngRgb(const std::string& path, const uint8_t* rgb, int width, int height) {
  RasterIO::writePngRgb(path, rgb, width, height);
}

void ImageWriter::writePng16(const std::string& path, const uint16_t* pixels, int width,
                             int height) {
  RasterIO::writePng(path, pixels, width, height, 16);
}

std::string ImageWriter::transferSyntaxUid(DicomEncoding encoding) {
  return DcmXfer(toXfer(encoding)).getXferID();
}

void ImageWriter::writeDicom(const std::string& path, const std::vector<int32_t>& stored,
                             int width, int height, const DicomWriteOptions& options) {
  DcmtkCodecs::ensureRegistered();
  if (width <= 0 || height <= 0 || width > 65535 || height > 65535 ||
      stored.size() != size_t(width) * size_t(height))
    throw ImageError(path + ": cannot write DICOM: " + std::to_string(stored.size()) +
                     " values for " + std::to_string(width) + " x " + std::to_string(height));
  if ((options.bitsAllocated != 8 && options.bitsAllocated != 16) || options.bitsStored < 1 ||
      options.bitsStored > options.bitsAllocated)
    throw ImageError(path + ": cannot write DICOM with Bits Allocated " +
                     std::to_string(options.bitsAllocated) + " / Bits Stored " +
                     std::to_string(options.bitsStored));
  if (options.photometric != "MONOCHROME1" && options.photometric != "MONOCHROME2")
    throw ImageError(path + ": cannot write DICOM with photometric " + options.photometric);
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  putAttributes(path, ds, width, height, options);
  putPixels(path, ds, stored, options);
  encode(path, ds, options.encoding);
  const OFCondition status = file.saveFile(
      path.c_str(), toXfer(options.encoding), EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0,
      0, options.withMetaHeader ? EWM_fileformat : EWM_dataset);
  check(path, status, "save");
}

}  // namespace cxr::image
