#include "core/store/ImageRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <filesystem>

namespace cxr::store {

namespace fs = std::filesystem;

namespace {

#define CXR_IMAGE_COLUMNS                                                                     \
  "SELECT i.id, i.image_key, i.sop_uid, i.file_path, i.file_sha256, i.file_size, "             \
  "i.view_position, i.photometric, i.width, i.height, p.patient_id, st.study_uid, se.series_uid " \
  "FROM images i LEFT JOIN series se ON se.id = i.series_id "                                 \
  "LEFT JOIN studies st ON st.id = se.study_id LEFT JOIN patients p ON p.id = st.patient_id "

ImageRecord readImage(const Statement& st) {
  ImageRecord r;
  r.id = st.int64At(0);
  r.imageKey = st.textAt(1);
  r.info.sopInstanceUid = st.textAt(2);
  r.info.filePath = st.textAt(3);
  r.info.fileSha256 = st.textAt(4);
  r.info.fileSize = st.int64At(5);
  r.info.viewPosition = st.textAt(6);
  r.info.photometric = st.textAt(7);
  r.info.width = static_cast<int>(st.int64At(8));
  r.info.height = static_cast<int>(st.int64At(9));
  r.patientId = st.textAt(10);
  r.studyInstanceUid = st.textAt(11);
  r.seriesInstanceUid = st.textAt(12);
  return r;
}

std::vector<ImageRecord> readAll(Statement& st) {
  std::vector<ImageRecord> out;
  while (st.step()) out.push_back(readImage(st));
  return out;
}

std::string folderOf(const std::string& dbPath) {
  return fs::absolute(dbPath).parent_path().string();
}

}  // namespace

std::string ImageRepository::naturalKey(const ImageRegistration& registration) {
  if (!registration.image.sopInstanceUid.empty()) return registration.image.sopInstanceUid;
  if (!registration.image.fileSha256.empty()) return "sha256:" + registration.image.fileSha256;
  return registration.fallbackKey;
}

RowId ImageRepository::ensureSeries(const ImageRegistration& reg) {
  if (reg.series.seriesInstanceUid.empty()) return 0;
  const std::string patientId = reg.patient.patientId.empty() ? "(unknown)" : reg.patient.patientId;
  const std::string studyUid = reg.study.studyInstanceUid.empty()
                                   ? "(unknown study of " + reg.series.seriesInstanceUid + ")"
                                   : reg.study.studyInstanceUid;
  const std::string now = StoreCodec::nowIso();
  m_db.cached("INSERT OR IGNORE INTO patients(patient_id, name, birth_date, sex, created_at) "
              "VALUES(?,?,?,?,?)")
      .bind(1, patientId).bind(2, reg.patient.name).bind(3, reg.patient.birthDate)
      .bind(4, reg.patient.sex).bind(5, now).run();
  m_db.cached("INSERT OR IGNORE INTO studies(patient_id, study_uid, study_date, study_time, "
              "description, accession_number, created_at) "
              "SELECT id,?,?,?,?,?,? FROM patients WHERE patient_id = ?")
      .bind(1, studyUid).bind(2, reg.study.studyDate).bind(3, reg.study.studyTime)
      .bind(4, reg.study.description).bind(5, reg.study.accessionNumber).bind(6, now)
      .bind(7, patientId).run();
  m_db.cached("INSERT OR IGNORE INTO series(study_id, series_uid, modality, description, "
              "series_number, created_at) SELECT id,?,?,?,?,? FROM studies WHERE study_uid = ?")
      .bind(1, reg.series.seriesInstanceUid).bind(2, reg.series.modality)
      .bind(3, reg.series.description).bind(4, reg.series.seriesNumber).bind(5, now)
      .bind(6, studyUid).run();
  Statement& find = m_db.cached("SELECT id FROM series WHERE series_uid = ?");
  find.bind(1, reg.series.seriesInstanceUid);
  if (!find.step()) m_db.fail("registering series " + reg.series.seriesInstanceUid);
  const RowId id = find.int64At(0);
  find.reset();
  return id;
}

RowId ImageRepository::registerImage(const ImageRegistration& reg) {
  const std::string key = naturalKey(reg);
  if (key.empty())
    throw StoreError("cannot register an image without SOP Instance UID, file hash or key" +
                     (reg.image.filePath.empty() ? std::string() : " ('" + reg.image.filePath + "')"));
  Transaction tx(m_db);
  const RowId seriesId = ensureSeries(reg);
  const std::string storedPath = StoreCodec::relativeTo(reg.image.filePath, folderOf(m_db.path()));
  Statement& find = m_db.cached("SELECT id, file_sha256 IS NULL FROM images WHERE image_key = ?");
  find.bind(1, key);
  RowId id = 0;
  if (find.step()) {
    id = find.int64At(0);
    const bool hadNoFile = find.int64At(1) != 0;
    find.reset();
    if (hadNoFile && !reg.image.fileSha256.empty()) {
      // An image first known only by a CSV id gains its file once the image root is known.
      m_db.cached("UPDATE images SET file_path=?, file_sha256=?, file_size=?, width=?, height=? "
                  "WHERE id=?")
          .bindTextOrNull(1, storedPath).bind(2, reg.image.fileSha256).bind(3, reg.image.fileSize)
          .bind(4, reg.image.width).bind(5, reg.image.height).bind(6, id).run();
    }
  } else {
    find.reset();
    Statement& ins = m_db.cached(
        "INSERT INTO images(image_key, series_id, sop_uid, file_path, file_sha256, file_size, "
        "view_position, photometric, width, height, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, key);
    if (seriesId) ins.bind(2, seriesId); else ins.bindNull(2);
    ins.bindTextOrNull(3, reg.image.sopInstanceUid).bindTextOrNull(4, storedPath)
        .bindTextOrNull(5, reg.image.fileSha256).bind(6, reg.image.fileSize)
        .bind(7, reg.image.viewPosition).bind(8, reg.image.photometric).bind(9, reg.image.width)
        .bind(10, reg.image.height).bind(11, StoreCodec::nowIso()).run();
    id = m_db.lastInsertId();
  }
  tx.commit();
  return id;
}

std::optional<ImageRecord> ImageRepository::find(RowId id) {
  Statement st(m_db, CXR_IMAGE_COLUMNS "WHERE i.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readImage(st);
}

std::optional<ImageRecord> ImageRepository::findByKey(const std::string& imageKey) {
  Statement st(m_db, CXR_IMAGE_COLUMNS "WHERE i.image_key = ?");
  st.bind(1, imageKey);
  if (!st.step()) return std::nullopt;
  return readImage(st);
}

std::optional<ImageRecord> ImageRepository::findBySha256(const std::string& sha256) {
  Statement st(m_db, CXR_IMAGE_COLUMNS "WHERE i.file_sha256 = ? ORDER BY i.id LIMIT 1");
  st.bind(1, sha256);
  if (!st.step()) return std::nullopt;
  return readImage(st);
}

std::vector<ImageRecord> ImageRepository::imagesOfDataset(RowId datasetId) {
  Statement st(m_db, CXR_IMAGE_COLUMNS
               "JOIN dataset_images di ON di.image_id = i.id WHERE di.dataset_id = ? "
               "ORDER BY di.row_index, i.id");
  st.bind(1, datasetId);
  return readAll(st);
}

std::vector<ImageRecord> ImageRepository::imagesWithoutVersionFromModel(RowId datasetId,
                                                                        RowId modelId) {
  Statement st(m_db, CXR_IMAGE_COLUMNS
               "JOIN dataset_images di ON di.image_id = i.id WHERE di.dataset_id = ? "
               "AND NOT EXISTS (SELECT 1 FROM segmentation_versions v "
               "WHERE v.model_id = ? AND v.image_id = i.id) ORDER BY di.row_index, i.id");
  st.bind(1, datasetId).bind(2, modelId);
  return readAll(st);
}

std::string ImageRepository::absolutePath(const ImageRecord& image) const {
  if (image.info.filePath.empty()) return {};
  const fs::path p(image.info.filePath);
  if (p.is_absolute()) return p.string();
  return (fs::path(folderOf(m_db.path())) / p).lexically_normal().string();
}

std::int64_t ImageRepository::count() {
  return m_db.queryInt64("SELECT count(*) FROM images");
}

}  // namespace cxr::store
