#pragma once

#include "core/format/CheXmaskCsvReader.h"

#include <map>
#include <string>
#include <vector>

namespace cxr::format {

/// Validates a whole CheXmask CSV (every RLE decoded against its size, every landmark field
/// parsed) and summarises it; the first error stops with a FormatError naming file, line, column.
class CsvInspector {
 public:
  struct Summary {
    CheXmaskFileKind kind = CheXmaskFileKind::Model;
    std::string idColumn;
    std::vector<std::string> header;
    long long rows = 0;
    long long rowsWithRca = 0;
    double meanRcaMean = 0;  ///< mean of "Dice RCA (Mean)" over rows that have it
    double meanRcaMax = 0;
    long long rcaMeanAtLeast07 = 0;  ///< rows passing the release's advice (RCA Mean >= 0.7)
    long long emptyMasks = 0;        ///< organ masks that are empty
    long long integerLandmarkRows = 0;
    std::map<std::string, long long> sizes;  ///< "HxW" -> rows
    std::vector<std::string> warnings;
    long long bytes = 0;
  };

  static Summary inspect(const std::string& path);
};

}  // namespace cxr::format
