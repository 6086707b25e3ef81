#pragma once

#include "core/format/Mask.h"

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cxr::interop {

/// Replacement identity written into a de-identified SEG (DICOM PS3.15 basic profile for the
/// attributes the SEG carries): pseudonymous patient, study and referenced source UIDs.
struct SegDeidentity {
  std::string patientId, patientName;
  std::string studyInstanceUid;
  std::string sourceSeriesInstanceUid;  ///< what the SEG references instead of the source's
  std::string sourceSopInstanceUid;
};

/// One DICOM Segmentation object to write for a DICOM source image.
struct SegWriteRequest {
  std::string sourcePath;  ///< the source radiograph (DICOM)
  std::string outputPath;
  /// Right lung, left lung, heart: 0/255 masks of the source's Rows x Columns.
  std::array<const format::Mask*, 3> masks{};
  /// false: an untouched model version (segment algorithm type AUTOMATIC);
  /// true: a reader's correction or consensus (SEMIAUTOMATIC, the reader as content creator).
  bool corrected = false;
  std::string readerName;  ///< annotator (content creator) of a corrected version
  std::string algorithmName = "HybridGNet";
  std::string algorithmVersion;  ///< e.g. the weights' SHA-256 prefix, or "CheXmask"
  std::string softwareVersion;   ///< CheXReview version (equipment)
  std::string seriesDescription = "CheXReview lungs and heart";
  std::optional<SegDeidentity> deidentity;  ///< set: no source patient/study data is copied
  std::string segSeriesInstanceUid;         ///< generated when empty
  std::string segSopInstanceUid;            ///< generated when empty
};

/// What a SEG file holds (for tests and import).
struct SegContents {
  int rows = 0, columns = 0;
  std::string sopInstanceUid, seriesInstanceUid, studyInstanceUid, patientId;
  std::string referencedSopInstanceUid, referencedSopClassUid, referencedSeriesInstanceUid;
  struct Segment {
    int number = 0;
    std::string label;
    std::string categoryCode, categoryScheme;
    std::string typeCode, typeScheme;
    std::string modifierCode;  ///< laterality modifier, empty when none
    std::string algorithmType;  ///< AUTOMATIC, SEMIAUTOMATIC, MANUAL
    std::string algorithmName;
    format::Mask mask;  ///< 0/255
  };
  std::vector<Segment> segments;
  std::string contentCreatorName;
};

/// DICOM Segmentation objects through DCMTK's dcmseg (the only TU that includes it).
class DicomSeg {
 public:
  /// Writes a BINARY SEG with three segments (right lung, left lung, heart) referencing the
  /// source image through the Derivation Image functional group and the Referenced Series
  /// Sequence. No Frame of Reference is invented: the source's is copied only when it has one.
  /// Throws InteropError naming the file on failure (source unreadable, size mismatch, ...).
  static void write(const SegWriteRequest& request);
  /// Reads a SEG file (any BINARY or FRACTIONAL one with one frame per segment);
  /// throws InteropError naming the file on failure.
  static SegContents read(const std::string& path);
  /// Rows and Columns of a DICOM file from its header (nullopt when not a readable DICOM file).
  static std::optional<std::pair<int, int>> imageSize(const std::string& path);
  /// Patient ID, Study/Series/SOP Instance UID of a DICOM file's header (empty strings where
  /// absent; all empty when the file is not readable).
  static std::array<std::string, 4> sourceIdentity(const std::string& path);
  /// A new DICOM UID (DCMTK's generator under its root).
  static std::string newUid();
};

}  // namespace cxr::interop
