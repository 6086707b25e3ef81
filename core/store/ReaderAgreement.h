#pragma once

#include "core/store/StoreTypes.h"

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class ReviewStore;

/// The eight metrics of review-metrics.md in the column order of the CheXmask evaluation files
/// (after Dataset, ImageID): Dice GT, Dice Lungs, Dice Heart, Hausdorff Lungs, Hausdorff Heart,
/// Hausdorff 95 Lungs, Hausdorff 95 Heart, MSE.
constexpr int kAgreementMetricCount = 8;
using MetricValues = std::array<double, kAgreementMetricCount>;
MetricValues metricValues(const ComparisonInfo& comparison);
/// "Dice GT", "Dice Lungs", ... (the CSV column names).
const std::array<const char*, kAgreementMetricCount>& agreementMetricNames();

/// One image both readers read: reader A's version is the reference.
struct AgreementRow {
  RowId imageId = 0;
  std::string dataset, displayId;
  RowId versionA = 0, versionB = 0;
  ComparisonInfo metrics;
};

/// Distribution of one metric over images (missing values skipped); NaN when none.
struct MetricSummary {
  long long count = 0;
  double mean = 0, median = 0, q1 = 0, q3 = 0;  ///< quartiles: numpy linear interpolation
  double iqr() const { return q3 - q1; }
};

/// Summary of a group of rows (a dataset, or all: dataset "").
struct AgreementSummary {
  std::string dataset;
  long long images = 0;
  std::array<MetricSummary, kAgreementMetricCount> metrics;
};

struct AgreementOptions {
  std::optional<std::string> dataset;  ///< only images of this dataset
  /// Called after each image with (done, total).
  std::function<void(long long, long long)> progress;
  /// Polled between images; true stops the run (the rows so far are returned).
  std::function<bool()> cancelled;
  /// Who looks at the result (the application's reader): images that are blind for this reader
  /// (ReaderAssignmentRepository::visibility) are left out, so agreement never reveals other
  /// readers' work before the viewer finished the image. Empty: no one in particular (CLI).
  std::string viewer;
  /// Threads computing the metrics of pairs not compared before (0: one per core).
  int threads = 0;
};

struct AgreementResult {
  std::string readerA, readerB;
  std::vector<AgreementRow> rows;             ///< by dataset, then image id
  std::vector<AgreementSummary> perDataset;   ///< by dataset name
  AgreementSummary overall;
  long long onlyA = 0, onlyB = 0;             ///< images only one of the two read
  long long hiddenForViewer = 0;              ///< images left out: blind for options.viewer
  std::vector<std::string> skipped;           ///< images both read that could not be compared, with why
  bool cancelled = false;
};

/// Agreement between two readers (or a reader and the model: reader name kModelReader) on the
/// images both read, with the metrics of review-metrics.md computed from the stored versions
/// (VersionComparator, so each pair is computed once and stored in `comparisons`).
///
/// A reader's segmentation of an image: their current version; without one, the version their
/// latest accepted/corrected decision refers to (accepting the model's proposal as is). Images
/// the reader rejected or flagged out of distribution, or never decided on and never edited,
/// are not read by them. For a model reader (kind model, e.g. "chexmask") the current pointer
/// counts as a read.
class ReaderAgreement {
 public:
  /// Reader name meaning "the image's latest model version" (model_run / csv_import).
  static constexpr const char* kModelReader = "@model";

  explicit ReaderAgreement(ReviewStore& store) : m_store(store) {}

  /// image id -> the reader's segmentation version (see above). Throws StoreError for an
  /// unknown reader.
  std::map<RowId, RowId> segmentations(const std::string& reader);
  /// Images of a dataset (throws StoreError naming an unknown dataset).
  std::vector<RowId> datasetImages(const std::string& dataset);

  /// Compares reader A (reference) with reader B on every image both read.
  AgreementResult compare(const std::string& readerA, const std::string& readerB, const AgreementOptions& options = {});

  /// Summary of rows (mean, median, quartiles per metric, missing values skipped).
  static AgreementSummary summarize(const std::vector<const AgreementRow*>& rows, const std::string& dataset);
  /// Writes the rows in the CheXmask evaluation layout (Dataset,ImageID,Dice GT,Dice Lungs,
  /// Dice Heart,Hausdorff Lungs,Hausdorff Heart,Hausdorff 95 Lungs,Hausdorff 95 Heart,MSE),
  /// numbers as `compare` writes them, missing values empty.
  static void writeCsv(const AgreementResult& result, const std::string& path);

 private:
  ReviewStore& m_store;
};

}  // namespace cxr::store
