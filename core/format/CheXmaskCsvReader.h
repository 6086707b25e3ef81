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
///
/// Rules (docs/reliability.md): Height and Width are integers 1 .. kMaxImageSide (empty means
/// 1024, reported once per file); landmark coordinates must lie within [-S, 2S], S = the
/// larger of 1024, Height and Width; an image ID appears once (per Dataset in physician
/// files); numbers are decimal (no hexadecimal); rows with fractional landmarks are reported
/// once per file. Reports gathered over the file are added to warnings() at end of file.
class CheXmaskCsvReader {
 public:
  /// Largest Height or Width accepted: memory per row (decoded masks) stays bounded whatever
  /// the file declares. Real chest radiographs are at most about 4,300 pixels a side.
  static constexpr int kMaxImageSide = 8192;

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
  /// Bytes of the file read so far; may be called from another thread than the one calling
  /// next() (the CSV import reads on a thread of its own).
  long long bytesRead() const;

  /// The ID-column names used by the CheXmask release, in lookup order.
  static const std::vector<std::string>& knownIdColumns();
  /// Every signed integer (or decimal number) of a landmark field, in order; throws FormatError
  /// unless there are exactly 240. Accepts "x0,y0,...", "[[x y]\n [x y]...]" and JSON arrays.
  static LandmarkSet parseLandmarks(const std::string& text);
  /// Throws FormatError naming the first coordinate outside [-S, 2S], S = max(1024, height, width).
  static void checkLandmarkRange(const LandmarkSet& landmarks, int height, int width);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::format
