#pragma once

#include "core/store/StoreTypes.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cxr::store {

class ReviewStore;

/// Which rows to export and in which layout.
struct CsvExportOptions {
  std::string reader = "chexmask";      ///< whose current versions are written
  std::string dataset;                  ///< only this dataset (empty: all, dataset order)
  std::optional<ReviewStatus> status;   ///< only images whose review status for `reader` is this
  std::optional<double> minRcaMean;     ///< only rows with Dice RCA (Mean) >= this
  std::optional<double> minRcaMax;      ///< only rows with Dice RCA (Max) >= this
  bool physicianLayout = false;         ///< ImageID,Dataset,Landmarks,Right Lung,Left Lung,Heart
};

/// What an export wrote.
struct CsvExportResult {
  std::int64_t rows = 0;
  std::int64_t skippedNoVersion = 0;  ///< images of the selection without a current version
};

/// Writes the current versions as a CheXmask CSV (.csv or .csv.gz). With one model-CSV
/// dataset the header and row order of the imported file are reproduced, so an import followed
/// by an export gives the same bytes.
class CheXmaskExporter {
 public:
  explicit CheXmaskExporter(ReviewStore& store) : m_store(store) {}
  CsvExportResult exportFile(const std::string& csvPath, const CsvExportOptions& options);

 private:
  ReviewStore& m_store;
};

}  // namespace cxr::store
