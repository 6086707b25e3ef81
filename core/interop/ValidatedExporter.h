#pragma once

#include "core/store/StoreTypes.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::interop {

/// Which review status the exported images must have for the reader.
enum class StatusFilter { Any, Validated, Accepted, Corrected, Pending, Rejected, FlaggedOod };
/// "any", "validated" (accepted or corrected), "accepted", ...; throws InteropError otherwise.
StatusFilter statusFilterFromString(const std::string& text);
std::string toString(StatusFilter filter);

/// Image space of the CSV: 1024 x 1024 model space (Preprocessed/) or original pixels
/// (OriginalResolution/, through the stored preprocessing record).
/// Stored: each version in its own mask space (model for CheXmask imports, original pixels for
/// engine runs), the behaviour of the plain export before; landmarks as flat integers.
enum class CsvSpace { Model, Original, Stored };
/// Landmark notation of the original-resolution CSV.
enum class LandmarkNotation { Numpy, Json };

/// Which versions an export takes.
struct ExportFilter {
  /// Whose current versions; empty with `consensus` = any adjudicator. Default "chexmask".
  std::string reader = "chexmask";
  bool consensus = false;          ///< the newest version with source 'consensus' per image
  std::string dataset;             ///< only this dataset (empty: all)
  std::string worklist;            ///< only images of this named worklist (empty: all)
  StatusFilter status = StatusFilter::Any;  ///< the reader's review status
  std::optional<double> minRcaMean, minRcaMax;  ///< RCA of the version, else of the image's model version
};

/// Progress of a running export (rows looked at so far of `total`).
struct ExportProgress {
  std::int64_t done = 0, total = 0, exported = 0;
};

/// One export run: any combination of a CSV, per-image files and DICOM SEG objects.
struct ExportRequest {
  ExportFilter filter;
  std::string csvPath;  ///< .csv or .csv.gz; empty: no CSV
  CsvSpace space = CsvSpace::Model;
  LandmarkNotation originalNotation = LandmarkNotation::Numpy;
  bool physicianLayout = false;  ///< ImageID,Dataset,Landmarks,Right Lung,Left Lung,Heart
  std::string perImageDir;       ///< masks, label map, overlay, landmarks JSON per image
  std::string dicomSegDir;       ///< one SEG per DICOM-sourced image
  std::string deidentifyMapPath; ///< set: pseudonymous ids, this mapping file original -> exported
  std::string who = "export";    ///< audit author
  std::string softwareVersion;   ///< written into SEG equipment and the sidecar
  /// Called every few rows; return false to cancel (outputs in progress are removed).
  std::function<bool(const ExportProgress&)> progress;
  /// Called for each image that could not be exported (the export goes on).
  std::function<void(const std::string& image, const std::string& reason)> onSkipped;
};

/// What an export wrote.
struct ExportSummary {
  std::int64_t rows = 0;               ///< CSV rows written
  std::int64_t images = 0;             ///< images exported (any output)
  std::int64_t perImage = 0;           ///< per-image folders written
  std::int64_t segFiles = 0;           ///< DICOM SEG files written
  std::int64_t skippedNoVersion = 0;   ///< selected images without a version to export
  std::int64_t skippedFilter = 0;      ///< dropped by status or RCA
  std::int64_t skippedNoGeometry = 0;  ///< original space asked, no preprocessing record or image size
  std::int64_t skippedNotDicom = 0;    ///< SEG asked for an image that did not come from DICOM
  std::int64_t failed = 0;             ///< images whose outputs failed (reported through onSkipped)
  bool cancelled = false;
  std::vector<std::string> files;  ///< CSV, sidecar, mapping file
  std::vector<store::RowId> versionIds;   ///< versions exported (also in the sidecar)
};

/// Exports validated segmentations from a review store. Streams the selection with one query
/// (memory stays flat whatever the row count), writes each file under a temporary name and
/// renames it on success, writes a provenance sidecar `<csv>.provenance.json` (or
/// `<dir>/provenance.json`), and records an audit entry for every export.
class ValidatedExporter {
 public:
  explicit ValidatedExporter(store::ReviewStore& store) : m_store(store) {}
  ExportSummary run(const ExportRequest& request);

 private:
  store::ReviewStore& m_store;
};

}  // namespace cxr::interop
