#pragma once

#include "core/format/CheXmaskRow.h"

#include <memory>
#include <string>
#include <vector>

namespace cxr::format {

/// Writes CheXmask CSVs with a given header (column order of the release or of a read file).
/// Known columns are written from the row's typed values; other columns from `row.fields`.
class CheXmaskCsvWriter {
 public:
  /// The release's model-file header for an ID column name:
  /// ID, Dice RCA (Mean), Dice RCA (Max), Landmarks, Left Lung, Right Lung, Heart, Height, Width.
  static std::vector<std::string> modelHeader(const std::string& idColumn);
  /// Physician-file header: ImageID, Dataset, Landmarks, Right Lung, Left Lung, Heart.
  static std::vector<std::string> physicianHeader();

  /// Creates the file (gzip when it ends in .gz) and writes the header.
  CheXmaskCsvWriter(const std::string& path, std::vector<std::string> header);
  ~CheXmaskCsvWriter();

  /// Writes one row; landmarks as flat integers "x0,y0,..." (rounded), RCA values with 17
  /// significant digits (Python's repr of a float), Height/Width as integers.
  void write(const CheXmaskRow& row);
  void close();

  /// Python repr of a double (shortest text that reads back to the same value).
  static std::string formatDouble(double value);
  /// "x0,y0,x1,y1,..." of the rounded landmarks.
  static std::string formatLandmarks(const LandmarkSet& landmarks);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::format
