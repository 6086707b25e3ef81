#pragma once

#include "core/format/LandmarkSet.h"
#include "core/format/Mask.h"
#include "core/format/OrganLayout.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cxr::format {

/// One row of a CheXmask CSV (model file, either variant, or physician-correction file).
/// The text of every column is kept as read, so unknown columns and formatting survive a
/// round trip; typed accessors parse on demand.
struct CheXmaskRow {
  std::string imageId;                 ///< value of the ID column
  std::string dataset;                 ///< "Dataset" column of physician files (else empty)
  std::optional<double> rcaMean;       ///< "Dice RCA (Mean)", absent in physician files
  std::optional<double> rcaMax;        ///< "Dice RCA (Max)"
  LandmarkSet landmarks;               ///< 120 points (integers in released files)
  std::string rleRightLung, rleLeftLung, rleHeart;
  int height = 1024;                   ///< "Height" (empty or missing: 1024)
  int width = 1024;                    ///< "Width"
  /// Every column as read (name, text), in the file's column order; unknown columns survive a
  /// round trip through it, and known columns keep their original spelling when unchanged.
  std::vector<std::pair<std::string, std::string>> columns;
  long long line = 0;                  ///< 1-based line of the row in its file

  /// Text of a column as read, or nullptr when the row has no such column.
  const std::string* column(const std::string& name) const;
  /// RLE text of one organ.
  const std::string& rle(Organ organ) const;
  std::string& rle(Organ organ);
  /// Decoded mask of one organ (throws FormatError on bad RLE).
  Mask mask(Organ organ) const;
};

}  // namespace cxr::format
