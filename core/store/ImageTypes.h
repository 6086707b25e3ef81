#pragma once

#include <cstdint>
#include <string>

namespace cxr::store {

/// Row id of a store entity (only meaningful inside one database file).
using RowId = std::int64_t;

/// DICOM patient module (empty strings where unknown).
struct PatientInfo {
  std::string patientId, name, birthDate, sex;
};
/// DICOM study module.
struct StudyInfo {
  std::string studyInstanceUid, studyDate, studyTime, description, accessionNumber;
};
/// DICOM series module.
struct SeriesInfo {
  std::string seriesInstanceUid, modality, description;
  int seriesNumber = 0;
};
/// One image file and its descriptive fields.
struct ImageInfo {
  std::string sopInstanceUid;  ///< DICOM SOP Instance UID; empty for PNG/JPEG
  std::string filePath;  ///< when registering: absolute or relative to the working directory
                        ///< (stored relative to the database folder); empty if no file
  std::string fileSha256;      ///< lowercase hex SHA-256 of the file; empty if no file
  std::int64_t fileSize = 0;
  std::string viewPosition;  ///< PA, AP, ... (empty if unknown)
  std::string photometric;   ///< MONOCHROME1/2, RGB, ...
  int width = 0;
  int height = 0;
};
/// Everything known about an image when registering it. Patient/study/series may be empty
/// (plain PNG/JPEG files): the image is then stored without a DICOM hierarchy.
struct ImageRegistration {
  PatientInfo patient;
  StudyInfo study;
  SeriesInfo series;
  ImageInfo image;
  /// Natural key when neither a SOP UID nor a file hash is given (e.g. "ChestX-Ray8:00001.png").
  std::string fallbackKey;
};
/// A stored image.
struct ImageRecord {
  RowId id = 0;
  /// Natural key: the SOP UID, else "sha256:<hex>", else the registration's fallback key.
  std::string imageKey;
  ImageInfo info;            ///< filePath as stored (relative to the database folder where possible)
  std::string patientId, studyInstanceUid, seriesInstanceUid;
};

}  // namespace cxr::store
