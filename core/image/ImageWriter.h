#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cxr::image {

/// Transfer syntaxes ImageWriter can produce (compressed ones through DCMTK's codecs).
enum class DicomEncoding {
  ExplicitLittle,  ///< 1.2.840.10008.1.2.1
  ImplicitLittle,  ///< 1.2.840.10008.1.2
  ExplicitBig,     ///< 1.2.840.10008.1.2.2 (retired, still met in archives)
  Deflated,        ///< 1.2.840.10008.1.2.1.99
  Rle,             ///< RLE Lossless 1.2.840.10008.1.2.5
  JpegLsLossless,  ///< JPEG-LS Lossless 1.2.840.10008.1.2.4.80
  JpegLossless,    ///< JPEG Lossless SV1 1.2.840.10008.1.2.4.70
  JpegBaseline,    ///< JPEG Baseline 1.2.840.10008.1.2.4.50 (8-bit, lossy)
};

/// How ImageWriter::writeDicom encodes a grey image and which attributes it records.
struct DicomWriteOptions {
  std::string photometric = "MONOCHROME2";  ///< MONOCHROME1 or MONOCHROME2
  int bitsAllocated = 16;                   ///< 8 or 16
  int bitsStored = 16;                      ///< <= bitsAllocated; High Bit = bitsStored - 1
  bool pixelSigned = false;                 ///< Pixel Representation 1
  bool writeRescale = false;                ///< write Rescale Slope/Intercept/Type
  double rescaleSlope = 1.0, rescaleIntercept = 0.0;
  std::vector<std::pair<double, double>> windows;  ///< (centre, width) pairs, in order
  std::string voiLutFunction;                      ///< empty, LINEAR_EXACT or SIGMOID
  DicomEncoding encoding = DicomEncoding::ExplicitLittle;
  /// false writes a bare data set: no 128-byte preamble, no "DICM", no group 0002.
  bool withMetaHeader = true;
  std::string patientId = "ANONYMOUS", patientName = "Anonymous";
  std::string studyInstanceUid, seriesInstanceUid, sopInstanceUid;  ///< generated when empty
  std::string modality = "DX", viewPosition = "PA", bodyPartExamined = "CHEST";
  double pixelSpacing = 0.0;  ///< mm, written as Imager Pixel Spacing and Pixel Spacing when > 0
};

/// Writes images: grey PNG (8/16 bit, through ITK) and grey DICOM (through DCMTK).
class ImageWriter {
 public:
  /// 8-bit grey PNG; throws ImageError naming the file on failure.
  static void writePng8(const std::string& path, const uint8_t* pixels, int width, int height);
  /// 8-bit RGB PNG (width * height * 3 bytes, row-major), e.g. a segmentation overlay.
  static void writePngRgb(const std::string& path, const uint8_t* rgb, int width, int height);
  /// 16-bit grey PNG.
  static void writePng16(const std::string& path, const uint16_t* pixels, int width,
                         int height);
  /// Grey DICOM (Digital X-Ray for presentation) from stored values (before the Modality LUT),
  /// row-major; each value must fit bitsStored (signed or unsigned). Throws ImageError.
  static void writeDicom(const std::string& path, const std::vector<int32_t>& stored, int width,
                         int height, const DicomWriteOptions& options);
  /// Transfer syntax UID of an encoding.
  static std::string transferSyntaxUid(DicomEncoding encoding);
};

}  // namespace cxr::image
