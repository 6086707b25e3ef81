#pragma once

#include "core/format/CheXmaskRow.h"

#include <memory>
#include <string>
#include <vector>

namespace cxr::format {

/// What kind of CheXmask CSV a file is, from its header.
enum class CheXmaskFileKind {
  Model,      ///< released model rows: ID, Dice RCA (Mean/Max), Landmarks, 3 RLE, Height, Width
  Physician,  ///< physician corrections: ImageID, Dataset, Landmarks, 3 RLE (1024 space)
};

/// Streaming reader of CheXmask CSVs (.csv or .csv.gz). Columns are addressed by name; the
/// ID column is any of the release's names. Landmarks may be flat ints or numpy/JSON arrays.
/// Errors are FormatError naming file, line and column; known release defects are warnings.
class CheXmaskCsvReader {
 public:
  /// Opens the file and reads the header; throws FormatError when a required column is missing.
  explicit CheXmaskCsvReader(const std::string& path);
  ~CheXmaskCsvReader();

  /// Reads and validates the next row (landmarks parsed, RLE syntax and bounds checked, masks
  /// not decoded); false at end of file.
  bool next(CheXmaskRow& row);

  CheXmaskFileKind kind() const;
  /// Header as read (column order of the file).
  const std::vector<std::string>& header() const;
  /// Name of the ID column ("Image Index", "Path", "dicom_id", "ImageID", "image_id").
  const std::string& idColumn() const;
  /// Index of a column by name, or -1.
  int columnIndex(const std::string& name) const;
  /// Release defects seen so far (Max < Mean, ...), each naming file and line.
  const std::vector<std::string>& warnings() const;
  const std::string& path() const;
  long long bytesRead() const;

  /// The ID-column names used by the CheXmask release, in lookup order.
  static const std::vector<std::string>& knownIdColumns();
  /// Every signed integer (or decimal number) of a landmark field, in order; throws FormatError
  /// unless there are exactly 240. Accepts "x0,y0,...", "[[x y]\n [x y]...]" and JSON arrays.
  static LandmarkSet parseLandmarks(const std::string& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::format
