#pragma once

#include "core/store/StoreTypes.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cxr::store {

class ReviewStore;

/// Options of a CheXmask CSV import.
struct CsvImportOptions {
  /// Dataset name; default: the Dataset column (physician files) or the file stem (model files).
  std::string dataset;
  /// Reader whose current pointer the rows set; default "chexmask" for model files, and the
  /// `<reader>` of `<DS>_<reader>_annotations.csv` for physician files.
  std::string reader;
  /// Folder the CSV image ids are relative to; when a file exists there it is registered with
  /// its SHA-256, size and path. Empty: images are known only by dataset + id.
  std::string imageRoot;
  /// Space of the landmarks and masks in the file (Preprocessed variant: Model).
  LandmarkSpace space = LandmarkSpace::Model;
  /// Rows per transaction (a crash loses at most this batch; a re-import skips stored rows).
  int batchRows = 1000;
  /// Called after every batch with rows done so far.
  std::function<void(std::int64_t rows)> progress;
  /// Read and check the whole file before storing anything (the documented rule: a file with
  /// a bad row stores nothing). Off only when the caller has run validateFile() itself.
  bool validateFirst = true;
};

/// What an import did.
struct CsvImportResult {
  std::string dataset, reader;
  bool physicianFile = false;
  std::int64_t rows = 0, versionsAdded = 0, versionsExisting = 0, imagesWithFile = 0;
  std::vector<std::string> warnings;  ///< release defects and size mismatches, with file:line
};

/// Streams a CheXmask model or physician CSV (.csv / .csv.gz) into the store: one image per ID,
/// one csv_import (model file) or reader_correction (physician file) version per row, whose
/// parent is the dataset's model version of that image when one exists.
class CheXmaskImporter {
 public:
  explicit CheXmaskImporter(ReviewStore& store) : m_store(store) {}
  /// Imports the file; throws format::FormatError / StoreError naming file and line.
  /// All or nothing for bad input: the file is validated first (options.validateFirst), so a
  /// bad row anywhere stores nothing. A failure while storing (disk full, a file changed
  /// between the passes) keeps the committed batches and the error says how many rows they
  /// hold; re-importing skips them.
  CsvImportResult importFile(const std::string& csvPath, const CsvImportOptions& options = {});
  /// The checks of an import without storing anything: every row read and validated (landmarks,
  /// RLE, sizes, duplicate IDs) and the dataset/reader names resolvable. Returns the row count;
  /// throws like importFile.
  static std::int64_t validateFile(const std::string& csvPath, const CsvImportOptions& options = {});

 private:
  ReviewStore& m_store;
};

}  // namespace cxr::store
