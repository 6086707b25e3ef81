#include "core/store/VersionRepository.h"

#include "core/format/NumberText.h"
#include "core/store/AuditLog.h"
#include "core/store/Connection.h"
#include "core/store/ReaderRepository.h"
#include "core/store/Sha256.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"


namespace cxr::store {

namespace {

#define CXR_VERSION_COLUMNS                                                                      \
  "SELECT v.id, v.image_id, v.source, v.parent_id, r.name, v.model_id, v.latent, v.mask_space, "   \
  "v.landmarks_model, v.landmarks_original, v.rle_right_lung, v.rle_left_lung, v.rle_heart, "      \
  "v.height, v.width, v.rca_mean, v.rca_max, v.note, v.created_at, v.content_sha256, "             \
  "v.time_spent FROM segmentation_versions v JOIN readers r ON r.id = v.author_id "

// RLE columns: a compact blob (StoreCodec::rleToBlob, schema v6) or, for text the blob cannot
// reproduce byte for byte and rows written before v6, the text itself.
std::string rleAt(const Statement& st, int column) {
  if (!st.isBlob(column)) return st.textAt(column);
  const auto [data, size] = st.bytesAt(column);
  return StoreCodec::rleFromBlob(data, size);
}

void bindRle(Statement& st, int index, const std::optional<std::vector<std::uint8_t>>& blob,
             const std::string& text) {
  if (blob) st.bindBlob(index, blob->data(), blob->size());
  else st.bind(index, text);
}

VersionRecord readVersion(const Statement& st) {
  VersionRecord r;
  r.id = st.int64At(0);
  r.imageId = st.int64At(1);
  r.source = versionSourceFromString(st.textAt(2));
  r.parentId = st.optionalInt64At(3);
  r.author = st.textAt(4);
  r.modelId = st.optionalInt64At(5);
  r.latent = StoreCodec::floatsFromBlob(st.blobAt(6));
  r.data.maskSpace = landmarkSpaceFromString(st.textAt(7));
  if (!st.isNull(8)) r.data.landmarksModel = StoreCodec::landmarksFromBlob(st.blobAt(8));
  if (!st.isNull(9)) r.data.landmarksOriginal = StoreCodec::landmarksFromBlob(st.blobAt(9));
  r.data.rleRightLung = rleAt(st, 10);
  r.data.rleLeftLung = rleAt(st, 11);
  r.data.rleHeart = rleAt(st, 12);
  r.data.height = static_cast<int>(st.int64At(13));
  r.data.width = static_cast<int>(st.int64At(14));
  r.data.rcaMean = st.optionalDoubleAt(15);
  r.data.rcaMax = st.optionalDoubleAt(16);
  r.note = st.textAt(17);
  r.createdAt = st.textAt(18);
  r.contentSha256 = st.textAt(19);
  r.timeSpentSeconds = st.doubleAt(20);
  return r;
}

// Length-prefixed fields, so no two different contents hash the same byte stream.
void feed(Sha256& sha, const std::string& field) {
  const std::uint64_t n = field.size();
  sha.update(&n, sizeof n);
  sha.update(field);
}

void feedBlob(Sha256& sha, const std::vector<std::uint8_t>& blob) {
  feed(sha, std::string(blob.begin(), blob.end()));
}

// printf("%.17g") in the C locale, whatever the process locale: part of the content hash.
std::string exactText(const std::optional<double>& v) {
  if (!v) return "null";
  return format::NumberText::general(*v, 17);
}

std::string modelKeyOf(Connection& db, const std::optional<RowId>& modelId) {
  if (!modelId) return {};
  Statement& st = db.cached("SELECT name, file_sha256 FROM models WHERE id = ?");
  st.bind(1, *modelId);
  if (!st.step())
    throw StoreError("review database '" + db.path() + "': model " + std::to_string(*modelId) +
                     " does not exist");
  std::string key = st.textAt(0) + "|" + st.textAt(1);
  st.reset();
  return key;
}

}  // namespace

namespace {

std::string hashOf(const NewVersion& v, const std::string& modelKey,
                   const std::optional<std::vector<std::uint8_t>>& landmarksModel,
                   const std::optional<std::vector<std::uint8_t>>& landmarksOriginal) {
  Sha256 sha;
  feed(sha, "cxr-version-1");
  feed(sha, toString(v.source));
  feed(sha, v.author);
  feed(sha, modelKey);
  feed(sha, toString(v.data.maskSpace));
  feedBlob(sha, landmarksModel ? *landmarksModel : std::vector<std::uint8_t>{});
  feedBlob(sha, landmarksOriginal ? *landmarksOriginal : std::vector<std::uint8_t>{});
  feed(sha, v.data.rleRightLung);
  feed(sha, v.data.rleLeftLung);
  feed(sha, v.data.rleHeart);
  feed(sha, std::to_string(v.data.height) + "x" + std::to_string(v.data.width));
  feed(sha, exactText(v.data.rcaMean));
  feed(sha, exactText(v.data.rcaMax));
  // Latents arrived with schema v2; hashing them only when present keeps v1 keys valid.
  if (!v.latent.empty()) feedBlob(sha, StoreCodec::floatsToBlob(v.latent));
  return sha.hexDigest();
}

std::optional<std::vector<std::uint8_t>> landmarkBlob(const std::optional<format::LandmarkSet>& l) {
  if (!l) return std::nullopt;
  return StoreCodec::landmarksToBlob(*l);
}

}  // namespace

std::string VersionRepository::contentHash(const NewVersion& v, const std::string& modelKey) {
  return hashOf(v, modelKey, landmarkBlob(v.data.landmarksModel), landmarkBlob(v.data.landmarksOriginal));
}

EncodedVersion VersionRepository::encode(const NewVersion& v, const std::string& modelKey, bool withRle) {
  EncodedVersion e;
  e.modelKey = modelKey;
  e.landmarksModel = landmarkBlob(v.data.landmarksModel);
  e.landmarksOriginal = landmarkBlob(v.data.landmarksOriginal);
  e.rleEncoded = withRle;
  if (withRle) {
    e.rle[0] = StoreCodec::rleToBlob(v.data.rleRightLung);
    e.rle[1] = StoreCodec::rleToBlob(v.data.rleLeftLung);
    e.rle[2] = StoreCodec::rleToBlob(v.data.rleHeart);
  }
  e.contentSha256 = hashOf(v, modelKey, e.landmarksModel, e.landmarksOriginal);
  return e;
}

RowId VersionRepository::addVersion(const NewVersion& v, bool makeCurrent, bool* created) {
  return addEncoded(v, encode(v, modelKeyOf(m_db, v.modelId)), makeCurrent, created);
}

RowId VersionRepository::addVersion(const NewVersion& v, const EncodedVersion& e, bool makeCurrent,
                                    bool* created) {
  if (e.modelKey != modelKeyOf(m_db, v.modelId))
    throw StoreError("a version of image " + std::to_string(v.imageId) +
                     " was encoded for another model than its own");
  return addEncoded(v, e, makeCurrent, created);
}

RowId VersionRepository::addEncoded(const NewVersion& v, const EncodedVersion& e, bool makeCurrent,
                                    bool* created) {
  if (v.author.empty()) throw StoreError("a segmentation version needs an author");
  if (v.source == VersionSource::ModelRun && !v.modelId)
    throw StoreError("a model-run version of image " + std::to_string(v.imageId) +
                     " needs its model");
  if (!(v.timeSpentSeconds >= 0))
    throw StoreError("a version of image " + std::to_string(v.imageId) +
                     ": time spent must be a non-negative number of seconds");
  v.data.maskSpaceLandmarks();  // throws when the mask space has no landmarks
  Transaction tx(m_db);
  {
    Statement& img = m_db.cached("SELECT 1 FROM images WHERE id = ?");
    img.bind(1, v.imageId);
    const bool exists = img.step();
    img.reset();
    if (!exists) throw StoreError("image " + std::to_string(v.imageId) + " does not exist");
  }
  const bool byModel = v.source == VersionSource::ModelRun || v.source == VersionSource::CsvImport;
  const RowId authorId =
      ReaderRepository(m_db).ensureReader(v.author, byModel ? ReaderKind::Model : ReaderKind::Human);
  const std::string& hash = e.contentSha256;
  Statement& existing = m_db.cached(
      "SELECT id FROM segmentation_versions WHERE image_id = ? AND content_sha256 = ?");
  existing.bind(1, v.imageId).bind(2, hash);
  RowId id = existing.step() ? existing.int64At(0) : 0;
  existing.reset();
  if (created) *created = id == 0;
  if (id == 0) {
    Statement& ins = m_db.cached(
        "INSERT INTO segmentation_versions(image_id, source, parent_id, author_id, model_id, "
        "mask_space, landmarks_model, landmarks_original, rle_right_lung, rle_left_lung, "
        "rle_heart, height, width, rca_mean, rca_max, note, content_sha256, created_at, latent, "
        "time_spent) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, v.imageId).bind(2, toString(v.source)).bind(3, v.parentId).bind(4, authorId)
        .bind(5, v.modelId).bind(6, toString(v.data.maskSpace));
    if (e.landmarksModel) ins.bindBlob(7, e.landmarksModel->data(), e.landmarksModel->size());
    if (e.landmarksOriginal) ins.bindBlob(8, e.landmarksOriginal->data(), e.landmarksOriginal->size());
    const std::array<const std::string*, 3> rleText{&v.data.rleRightLung, &v.data.rleLeftLung,
                                                    &v.data.rleHeart};
    for (int i = 0; i < 3; ++i)
      bindRle(ins, 9 + i, e.rleEncoded ? e.rle[size_t(i)] : StoreCodec::rleToBlob(*rleText[size_t(i)]),
              *rleText[size_t(i)]);
    ins.bind(12, v.data.height).bind(13, v.data.width).bind(14, v.data.rcaMean)
        .bind(15, v.data.rcaMax).bindTextOrNull(16, v.note).bind(17, hash)
        .bind(18, StoreCodec::nowIso());
    if (!v.latent.empty()) {
      const auto blob = StoreCodec::floatsToBlob(v.latent);
      ins.bindBlob(19, blob.data(), blob.size());
    }
    ins.bind(20, v.timeSpentSeconds).run();
    id = m_db.lastInsertId();
  }
  if (makeCurrent) setCurrent(v.imageId, v.author, id, v.author);
  tx.commit();
  return id;
}

std::optional<VersionRecord> VersionRepository::find(RowId id) {
  Statement st(m_db, CXR_VERSION_COLUMNS "WHERE v.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readVersion(st);
}

std::vector<VersionRecord> VersionRepository::history(RowId imageId) {
  Statement st(m_db, CXR_VERSION_COLUMNS "WHERE v.image_id = ? ORDER BY v.id");
  st.bind(1, imageId);
  std::vector<VersionRecord> out;
  while (st.step()) out.push_back(readVersion(st));
  return out;
}

std::optional<VersionRecord> VersionRepository::current(RowId imageId, const std::string& reader) {
  Statement st(m_db, CXR_VERSION_COLUMNS
               "JOIN current_versions cv ON cv.version_id = v.id "
               "JOIN readers cr ON cr.id = cv.reader_id WHERE cv.image_id = ? AND cr.name = ?");
  st.bind(1, imageId).bind(2, reader);
  if (!st.step()) return std::nullopt;
  return readVersion(st);
}

void VersionRepository::setCurrent(RowId imageId, const std::string& reader, RowId versionId,
                                   const std::string& who) {
  Transaction tx(m_db);
  const RowId readerId = ReaderRepository(m_db).ensureReader(reader);
  Statement& check = m_db.cached("SELECT 1 FROM segmentation_versions WHERE id = ? AND image_id = ?");
  check.bind(1, versionId).bind(2, imageId);
  const bool belongs = check.step();
  check.reset();
  if (!belongs)
    throw StoreError("version " + std::to_string(versionId) + " is not a version of image " +
                     std::to_string(imageId));
  Statement& old = m_db.cached(
      "SELECT version_id FROM current_versions WHERE image_id = ? AND reader_id = ?");
  old.bind(1, imageId).bind(2, readerId);
  const bool hadPointer = old.step();
  const RowId previous = hadPointer ? old.int64At(0) : 0;
  old.reset();
  if (hadPointer && previous == versionId) {
    tx.commit();
    return;
  }
  m_db.cached("INSERT INTO current_versions(image_id, reader_id, version_id, updated_at) "
              "VALUES(?,?,?,?) ON CONFLICT(image_id, reader_id) DO UPDATE SET "
              "version_id = excluded.version_id, updated_at = excluded.updated_at")
      .bind(1, imageId).bind(2, readerId).bind(3, versionId).bind(4, StoreCodec::nowIso()).run();
  // A first pointer is implied by the version's own creation; moves are audited.
  if (hadPointer)
    AuditLog(m_db).record(who, "set_current_version", "image", imageId,
                          reader + ":" + std::to_string(previous),
                          reader + ":" + std::to_string(versionId));
  tx.commit();
}

std::optional<RowId> VersionRepository::latestModelVersion(RowId imageId) {
  Statement& st = m_db.cached("SELECT id FROM segmentation_versions WHERE image_id = ? AND "
                              "source IN ('model_run', 'csv_import') ORDER BY id DESC LIMIT 1");
  st.bind(1, imageId);
  std::optional<RowId> id;
  if (st.step()) id = st.int64At(0);
  st.reset();
  return id;
}

bool VersionRepository::hasVersionFromModel(RowId imageId, RowId modelId) {
  Statement st(m_db, "SELECT 1 FROM segmentation_versions WHERE image_id = ? AND model_id = ? LIMIT 1");
  st.bind(1, imageId).bind(2, modelId);
  return st.step();
}

std::int64_t VersionRepository::count() {
  return m_db.queryInt64("SELECT count(*) FROM segmentation_versions");
}

}  // namespace cxr::store
