#pragma once

#include "core/engine/CancellationToken.h"
#include "core/format/Statistics.h"
#include "core/store/StoreTypes.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// One image of an RCA-versus-expert validation: the model version against a reader's
/// correction (review-metrics.md), with the model version's RCA estimates.
struct ValidationRow {
  store::RowId imageId = 0;
  store::RowId modelVersionId = 0;
  store::RowId readerVersionId = 0;
  std::string dataset;                     ///< the image's (first) dataset
  std::string displayId;                   ///< the dataset's id of the image (CSV ImageID)
  std::optional<double> rcaMax, rcaMean;   ///< of the model version (stored result, else imported)
  store::ComparisonInfo metrics;           ///< (model version, reader's correction)
};

/// Which true Dice a summary correlates with RCA.
enum class ValidationOrgan { Combined, Lungs, Heart };
/// "combined" (Dice GT), "lungs", "heart".
const char* toString(ValidationOrgan organ);
double trueDice(const ValidationRow& row, ValidationOrgan organ);

/// Agreement of one RCA estimate with the true Dice over rows that have both.
struct RcaAgreement {
  std::size_t n = 0;
  std::optional<double> pearson, spearman;
  std::optional<double> mae;                   ///< mean |RCA - true Dice|
  std::optional<format::FittedLine> line;      ///< true Dice = slope * RCA + intercept
};

/// Summary of a group of rows (one dataset, or all).
struct ValidationGroup {
  std::string dataset;                         ///< "" for the overall group
  std::size_t n = 0;                           ///< rows (with or without RCA)
  RcaAgreement rcaMax, rcaMean;
  std::optional<format::SampleSummary> trueDice, rcaMaxValues, rcaMeanValues;
};

struct ValidationSummary {
  std::string reader;
  ValidationOrgan organ = ValidationOrgan::Combined;
  std::vector<ValidationGroup> datasets;       ///< by dataset name
  ValidationGroup overall;
};

/// What to validate.
struct ValidationOptions {
  std::string reader;                          ///< whose corrections are the truth
  std::optional<std::string> dataset;          ///< only this dataset
  /// Called after each image with (done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
  CancellationToken cancel;                    ///< a cancelled run throws EngineError
};

/// Collects the validation rows of a reader from the store: every image whose current version
/// for the reader is their own correction and that has a model version. The comparison of each
/// pair is read from `comparisons`, or computed (VersionComparator) and stored once.
class Validation {
 public:
  /// Rows in (dataset, display id) order. Throws EngineError for an unknown reader, a reader
  /// without corrections, or a cancelled run.
  static std::vector<ValidationRow> collect(store::ReviewStore& store, const ValidationOptions& options);
  /// Per dataset and overall: n, Pearson r and Spearman rho of the true Dice against RCA Max and
  /// RCA Mean, MAE, fitted line, and value summaries.
  static ValidationSummary summarize(const std::vector<ValidationRow>& rows, const std::string& reader,
                                     ValidationOrgan organ = ValidationOrgan::Combined);
  /// The rows in the CheXmask evaluation-file layout (`Dataset,ImageID,Dice GT,Dice RCA (Max),
  /// Dice RCA (Mean),Dice Lungs,Dice Heart,Hausdorff Lungs,Hausdorff Heart,Hausdorff 95 Lungs,
  /// Hausdorff 95 Heart,MSE`); missing values are empty cells.
  static void writeCsv(const std::vector<ValidationRow>& rows, const std::string& path);
  /// The summary as JSON text (numbers in shortest round-trip form, null when undefined).
  static std::string summaryJson(const ValidationSummary& summary);
};

}  // namespace cxr::engine
