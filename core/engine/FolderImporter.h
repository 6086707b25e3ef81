#pragma once

#include "core/engine/CancellationToken.h"
#include "core/engine/PipelineOptions.h"
#include "core/engine/ProgressSink.h"

#include <string>
#include <vector>

namespace cxr::store {
class ReviewStore;
}

namespace cxr::engine {

/// Options of an image-folder import.
struct FolderImportOptions {
  std::string dataset;       ///< dataset name; empty = the folder's name
  PipelineOptions pipeline;  ///< workers, writer queue, group commit, progress interval
};

/// What a folder import did.
struct FolderImportResult {
  std::string dataset;
  int64_t candidates = 0;  ///< files looked at
  int64_t imported = 0;    ///< images registered (or found already registered) and added to the dataset
  int64_t failed = 0;      ///< image files that could not be read (errors recorded in the store)
  int64_t notImages = 0;   ///< files without extension whose content is not an image (ignored)
  /// Entries the folder scan could not read (counted in `failed`, recorded with stage "scan").
  std::vector<std::string> scanProblems;
  /// The first kMaxListedFailures image files that could not be read, as "path: reason" (all
  /// of them are recorded in the store's image errors); what a summary shows.
  std::vector<std::string> failures;
  static constexpr size_t kMaxListedFailures = 100;
  bool cancelled = false;
  double seconds = 0.0;
};

/// Registers every radiograph below a folder (recursively: DICOM, PNG, JPEG, TIFF, BMP, and
/// extension-less files whose content is DICOM) in a review database, as one "folder" dataset
/// whose external ids are the paths relative to the folder. Hashing and decoding run on the
/// worker threads; one writer thread registers the images in group transactions. Idempotent:
/// images are matched by SOP UID / file SHA-256, so importing twice adds nothing.
class FolderImporter {
 public:
  explicit FolderImporter(store::ReviewStore& store) : m_store(store) {}

  /// The candidate files below `folder`, sorted, hidden entries skipped; throws EngineError
  /// when the folder does not exist.
  /// Entries that cannot be read (an unreadable subfolder, a symbolic-link loop, a dangling
  /// link) are skipped and, when `problems` is given, described there ("<path>: <reason>").
  static std::vector<std::string> listCandidates(const std::string& folder,
                                                 std::vector<std::string>* problems = nullptr);

  /// Imports the folder; per-file failures are recorded (stage "import") and the import goes
  /// on; throws on store failures.
  FolderImportResult importFolder(const std::string& folder, const FolderImportOptions& options,
                                  ProgressSink& progress, const CancellationToken& cancel);

  /// Imports the given files, each below `root` (their external ids are their paths relative
  /// to it; the dataset defaults to the root's name), exactly as importFolder does with the
  /// files it finds: used to open single files (chexreview FILE.dcm). A file that is not
  /// below `root` throws EngineError before anything is stored; a file that cannot be read
  /// is recorded as an import error and counted in `failed`.
  FolderImportResult importFiles(const std::string& root, const std::vector<std::string>& files,
                                 const FolderImportOptions& options, ProgressSink& progress,
                                 const CancellationToken& cancel);

 private:
  FolderImportResult importCandidates(const std::string& folder, const std::vector<std::string>& files,
                                      const std::vector<std::string>& problems, const FolderImportOptions& options,
                                      ProgressSink& progress, const CancellationToken& cancel);

  store::ReviewStore& m_store;
};

}  // namespace cxr::engine
