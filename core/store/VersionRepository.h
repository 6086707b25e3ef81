#pragma once

#include "core/store/StoreTypes.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;

/// The stored form of a version's content (column blobs and content hash), computed without
/// the database by VersionRepository::encode, so that a bulk writer can encode on another
/// thread than the one that writes (the CSV import does).
struct EncodedVersion {
  std::string modelKey;  ///< what the hash was computed with (checked by addVersion)
  std::optional<std::vector<std::uint8_t>> landmarksModel, landmarksOriginal;
  /// RLE columns (right lung, left lung, heart) as compact blobs; nullopt: stored as text.
  std::array<std::optional<std::vector<std::uint8_t>>, 3> rle;
  /// False: `rle` was not computed (encode(..., false)); addVersion encodes the RLE columns
  /// itself, and only when it inserts.
  bool rleEncoded = true;
  std::string contentSha256;
};

/// Segmentation versions: append-only (nothing is ever overwritten or deleted) plus one
/// "current" pointer per (image, reader).
class VersionRepository {
 public:
  explicit VersionRepository(Connection& connection) : m_db(connection) {}

  /// Adds a version and (when `makeCurrent`) points the author's current pointer at it, with an
  /// audit entry, in one transaction. A version whose content equals an existing version of the
  /// same image (same source, author, model, landmarks, masks, size, RCA, latent) is not stored
  /// twice: its id is returned. Throws StoreError for an unknown image, a ModelRun without a
  /// model, or missing landmarks. `created` (optional) tells whether a new row was stored.
  RowId addVersion(const NewVersion& version, bool makeCurrent = true, bool* created = nullptr);
  /// The same with the content already encoded by encode(version, key of version's model);
  /// throws StoreError when it was encoded with another model key.
  RowId addVersion(const NewVersion& version, const EncodedVersion& encoded, bool makeCurrent,
                   bool* created);
  std::optional<VersionRecord> find(RowId id);
  /// Every version of an image, oldest first.
  std::vector<VersionRecord> history(RowId imageId);
  /// The version a reader currently stands by for an image.
  std::optional<VersionRecord> current(RowId imageId, const std::string& reader);
  /// Moves a reader's current pointer (audit entry `who`: from -> to).
  void setCurrent(RowId imageId, const std::string& reader, RowId versionId, const std::string& who);
  /// Newest model-produced version (model_run or csv_import) of an image: the parent of a
  /// correction.
  std::optional<RowId> latestModelVersion(RowId imageId);
  /// True when the image has a version produced by the model.
  bool hasVersionFromModel(RowId imageId, RowId modelId);
  std::int64_t count();

  /// The content key of a version (SHA-256 hex over source, author, model, landmarks, masks,
  /// size, RCA and latent): identical across databases, so merges can match on it.
  static std::string contentHash(const NewVersion& version, const std::string& modelKey);
  /// Column blobs and content hash of a version; touches no database (any thread). Without
  /// `withRle` the RLE blobs are left to addVersion (cheaper when the version is likely stored
  /// already, as in a re-import).
  static EncodedVersion encode(const NewVersion& version, const std::string& modelKey,
                               bool withRle = true);

 private:
  /// addVersion with `encoded` known to match the version's model.
  RowId addEncoded(const NewVersion& version, const EncodedVersion& encoded, bool makeCurrent,
                   bool* created);

  Connection& m_db;
};

}  // namespace cxr::store
