#pragma once

#include "core/store/StoreTypes.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;
class ImageRepository;
class DatasetRepository;
class ModelRepository;
class ReaderRepository;
class VersionRepository;
class ReviewRepository;
class RcaRepository;
class ComparisonRepository;
class AuditLog;
class SettingsRepository;
class ImageErrorRepository;
class PreprocessRepository;
class WorklistRepository;
class NamedWorklistRepository;

/// How to open a review database.
struct StoreOptions {
  bool readOnly = false;         ///< a reader connection (WAL lets it run beside the writer)
  bool create = true;            ///< create the file (mode 0600) when it does not exist
  /// Run the full integrityCheck() on open (reads every page: seconds for a large file). Off by
  /// default: opening only reads the schema (a non-database file still fails clearly); the full
  /// check runs after a migration, after a merge and in `db integrity`.
  bool checkIntegrity = false;
  bool migrate = true;           ///< upgrade an older schema (after a backup); else refuse it
  int busyTimeoutMs = 10000;
};

/// Row counts of the main tables (for `db status`).
struct StoreStatus {
  int schemaVersion = 0;
  std::int64_t patients = 0, studies = 0, series = 0, images = 0, datasets = 0, models = 0,
               readers = 0, versions = 0, reviews = 0, rcaResults = 0, comparisons = 0,
               imageErrors = 0, auditEntries = 0;
};

/// Counts of what a merge added and what it found already present.
struct MergeStats {
  std::int64_t imagesAdded = 0, imagesExisting = 0;
  std::int64_t versionsAdded = 0, versionsExisting = 0;
  std::int64_t reviewsAdded = 0, rcaResultsAdded = 0, comparisonsAdded = 0;
  std::int64_t imageErrorsAdded = 0, auditEntriesAdded = 0, preprocessRecordsAdded = 0;
};

/// The review database: one SQLite file (WAL, foreign keys, busy timeout, mode 0600) holding
/// images, segmentation versions, reviews, RCA results, comparisons and the audit log.
/// One ReviewStore is one connection: use it from one thread at a time; other threads open
/// their own (readOnly) ReviewStore on the same file. Failures throw StoreError.
class ReviewStore {
 public:
  /// Opens (or creates) `path` (reading only the schema unless options.checkIntegrity), migrates
  /// an older schema (backing the file up first, then running the full integrity check) and
  /// refuses a schema newer than kCurrentSchemaVersion.
  explicit ReviewStore(const std::string& path, const StoreOptions& options = {});
  ~ReviewStore();
  ReviewStore(ReviewStore&&) noexcept;
  ReviewStore& operator=(ReviewStore&&) noexcept;
  ReviewStore(const ReviewStore&) = delete;
  ReviewStore& operator=(const ReviewStore&) = delete;

  /// Path of the database file as opened.
  const std::string& path() const;
  /// Folder of the database file; image paths are stored relative to it.
  std::string folder() const;
  /// PRAGMA user_version of the open database.
  int schemaVersion() const;
  /// Problems reported by PRAGMA integrity_check plus foreign-key violations; empty = ok.
  /// Reads the whole file.
  std::vector<std::string> integrityCheck();
  /// Row counts.
  StoreStatus status();

  ImageRepository& images();
  DatasetRepository& datasets();
  ModelRepository& models();
  ReaderRepository& readers();
  VersionRepository& versions();
  ReviewRepository& reviews();
  RcaRepository& rca();
  ComparisonRepository& comparisons();
  AuditLog& audit();
  SettingsRepository& settings();
  ImageErrorRepository& imageErrors();
  PreprocessRepository& preprocess();
  WorklistRepository& worklist();
  /// Named worklists (samples, manual and adjudication lists).
  NamedWorklistRepository& namedWorklists();

  /// Cross-process change counter: grows (never decreases) with every insert into images,
  /// dataset_images, segmentation_versions, reviews, rca_results, comparisons, image_errors and
  /// every insert/update of current_versions, whichever connection or process wrote it. A
  /// single-row read, cheap enough to poll (e.g. every second) to refresh a view.
  std::int64_t dataVersion();

  /// Saves a reader's correction of `parentVersionId` in one transaction: landmarks in the
  /// parent's mask space, masks re-rasterised (CheXmask rule) at the parent's size, a
  /// reader_correction version that becomes the reader's current one, and a `corrected` review.
  /// Returns the new version id.
  RowId saveCorrection(RowId parentVersionId, const format::LandmarkSet& landmarks,
                       const std::string& reader, double timeSpentSeconds = 0,
                       const std::string& comment = "");

  /// Copies every entity of another database file into this one, matching images by natural
  /// key (SOP UID / file SHA-256 / fallback key) and versions by content; running it twice
  /// adds nothing the second time. One transaction; both files pass the full integrity check
  /// (the target after the copy, before the commit) or nothing is merged.
  MergeStats mergeFrom(const std::string& otherPath);

  /// The underlying connection (used by Transaction and the repositories).
  Connection& connection();

 private:
  /// Throws StoreError (with `advice`) when integrityCheck() finds a problem.
  void requireIntegrity(const std::string& advice);
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cxr::store
