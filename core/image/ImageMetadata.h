#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cxr::image {

/// One VOI transform a DICOM file offers: a window (centre/width with its function) or a LUT.
struct VoiOption {
  enum class Kind { Window, Lut };
  Kind kind = Kind::Window;
  double center = 0.0;            ///< window centre (Window)
  double width = 0.0;             ///< window width (Window)
  std::string function = "LINEAR";  ///< VOI LUT Function: LINEAR, LINEAR_EXACT or SIGMOID
  std::string explanation;        ///< Window Center & Width Explanation or LUT Explanation
  int lutFirstMapped = 0;         ///< first stored value mapped by the LUT (Lut)
  std::vector<uint16_t> lutData;  ///< LUT entries (Lut)
};

/// Everything the study database and the viewer need to know about a loaded image.
struct ImageMetadata {
  std::string path;        ///< file the image was read from
  std::string fileFormat;  ///< "DICOM", "PNG", "JPEG", "TIFF" or "BMP"

  // Identity (DICOM only; empty for raster files).
  std::string patientId, patientName;
  std::string studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid;
  std::string modality, viewPosition, bodyPartExamined;
  std::string studyDate, manufacturer;

  /// Row and column spacing in mm (0 when unknown) and the attribute they came from
  /// ("PixelSpacing", "ImagerPixelSpacing" or empty).
  double pixelSpacingRow = 0.0, pixelSpacingColumn = 0.0;
  std::string pixelSpacingSource;

  std::string photometricInterpretation;  ///< as stored (MONOCHROME1/2, RGB, YBR_FULL, ...)
  int rows = 0, columns = 0;
  int bitsAllocated = 0, bitsStored = 0, highBit = 0;
  bool pixelSigned = false;
  int samplesPerPixel = 1;
  int numberOfFrames = 1;
  std::string transferSyntaxUid;   ///< DICOM transfer syntax UID (empty for raster files)
  std::string transferSyntaxName;  ///< its name as DCMTK knows it

  double rescaleSlope = 1.0, rescaleIntercept = 0.0;  ///< Modality LUT (linear form)
  bool hasModalityLutSequence = false;
  std::vector<VoiOption> voiOptions;  ///< every VOI LUT first, then every window, in file order
  int appliedVoi = -1;                ///< index into voiOptions used for grey8, -1 = none

  std::vector<std::string> warnings;  ///< non-fatal oddities (multi-frame, colour, constant image)
};

}  // namespace cxr::image
