#pragma once

#include "core/format/ComparisonMetrics.h"

#include <functional>
#include <string>
#include <vector>

namespace cxr::format {

/// Per-image comparison of two CheXmask CSVs matched by image ID, written in the column layout
/// of the CheXmask evaluation files (review-metrics.md).
class CsvComparison {
 public:
  /// Means over the compared images (Hausdorff means skip missing values).
  struct Summary {
    long long compared = 0;
    long long onlyInReference = 0;
    long long onlyInCandidate = 0;
    bool hasRca = false;
    ComparisonResult mean;
    std::vector<std::string> warnings;
  };

  /// Evaluation-file header; the RCA columns only when `withRca`.
  static std::vector<std::string> header(bool withRca);

  /// Reads the reference into memory (RLE text only), streams the candidate, writes one row per
  /// image present in both to `outputPath` (candidate order). Masks must be 1024 x 1024 (or of
  /// equal size on both sides). `progress` (optional) gets the number of rows compared so far.
  static Summary compareFiles(const std::string& referencePath, const std::string& candidatePath,
                              const std::string& outputPath,
                              const std::function<void(long long)>& progress = {});
};

}  // namespace cxr::format
