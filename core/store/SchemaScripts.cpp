#include "core/store/SchemaScripts.h"

namespace cxr::store {

namespace {

// v1: the DICOM-like hierarchy, datasets, models, readers, append-only versions with current
// pointers, reviews and the audit log. Versions can never be updated or deleted (triggers).
const char* const kV0toV1 = R"SQL(
CREATE TABLE patients(
  id INTEGER PRIMARY KEY, patient_id TEXT NOT NULL UNIQUE, name TEXT, birth_date TEXT, sex TEXT,
  created_at TEXT NOT NULL);
CREATE TABLE studies(
  id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
  study_uid TEXT NOT NULL UNIQUE, study_date TEXT, study_time TEXT, description TEXT,
  accession_number TEXT, created_at TEXT NOT NULL);
CREATE TABLE series(
  id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id),
  series_uid TEXT NOT NULL UNIQUE, modality TEXT, description TEXT, series_number INTEGER,
  created_at TEXT NOT NULL);
CREATE TABLE images(
  id INTEGER PRIMARY KEY, image_key TEXT NOT NULL UNIQUE, series_id INTEGER REFERENCES series(id),
  sop_uid TEXT UNIQUE, file_path TEXT, file_sha256 TEXT, file_size INTEGER, view_position TEXT,
  photometric TEXT, width INTEGER, height INTEGER, created_at TEXT NOT NULL);
CREATE INDEX images_by_sha256 ON images(file_sha256);
CREATE TABLE datasets(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK(kind IN ('csv','folder')), source_path TEXT, id_column TEXT,
  columns_json TEXT NOT NULL DEFAULT '[]', image_root TEXT, created_at TEXT NOT NULL);
CREATE TABLE dataset_images(
  dataset_id INTEGER NOT NULL REFERENCES datasets(id), image_id INTEGER NOT NULL REFERENCES images(id),
  external_id TEXT NOT NULL, row_index INTEGER, PRIMARY KEY(dataset_id, external_id));
CREATE INDEX dataset_images_by_image ON dataset_images(image_id, dataset_id);
CREATE TABLE models(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, file_sha256 TEXT NOT NULL DEFAULT '',
  config_json TEXT NOT NULL DEFAULT '{}', input_size INTEGER NOT NULL DEFAULT 1024,
  created_at TEXT NOT NULL, UNIQUE(name, file_sha256));
CREATE TABLE readers(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK(kind IN ('human','model')), created_at TEXT NOT NULL);
CREATE TABLE segmentation_versions(
  id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL REFERENCES images(id),
  source TEXT NOT NULL CHECK(source IN ('model_run','csv_import','reader_correction','consensus')),
  parent_id INTEGER REFERENCES segmentation_versions(id),
  author_id INTEGER NOT NULL REFERENCES readers(id), model_id INTEGER REFERENCES models(id),
  mask_space TEXT NOT NULL CHECK(mask_space IN ('model','original')),
  landmarks_model BLOB, landmarks_original BLOB,
  rle_right_lung TEXT NOT NULL, rle_left_lung TEXT NOT NULL, rle_heart TEXT NOT NULL,
  height INTEGER NOT NULL, width INTEGER NOT NULL, rca_mean REAL, rca_max REAL, note TEXT,
  content_sha256 TEXT NOT NULL, created_at TEXT NOT NULL,
  UNIQUE(image_id, content_sha256),
  CHECK(landmarks_model IS NOT NULL OR landmarks_original IS NOT NULL));
CREATE TRIGGER segmentation_versions_immutable BEFORE UPDATE ON segmentation_versions
BEGIN SELECT RAISE(ABORT, 'segmentation versions are never modified'); END;
CREATE TRIGGER segmentation_versions_kept BEFORE DELETE ON segmentation_versions
BEGIN SELECT RAISE(ABORT, 'segmentation versions are never deleted'); END;
CREATE TABLE current_versions(
  image_id INTEGER NOT NULL REFERENCES images(id), reader_id INTEGER NOT NULL REFERENCES readers(id),
  version_id INTEGER NOT NULL REFERENCES segmentation_versions(id), updated_at TEXT NOT NULL,
  PRIMARY KEY(image_id, reader_id));
CREATE TABLE reviews(
  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, image_id INTEGER NOT NULL REFERENCES images(id),
  reader_id INTEGER NOT NULL REFERENCES readers(id),
  status TEXT NOT NULL CHECK(status IN ('pending','accepted','corrected','rejected','flagged_ood')),
  comment TEXT, time_spent REAL NOT NULL DEFAULT 0,
  version_id INTEGER REFERENCES segmentation_versions(id), created_at TEXT NOT NULL);
CREATE INDEX reviews_by_image ON reviews(image_id, reader_id, id);
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, who TEXT NOT NULL, action TEXT NOT NULL,
  entity TEXT NOT NULL, entity_id INTEGER, from_value TEXT, to_value TEXT, created_at TEXT NOT NULL);
)SQL";

// v2: model latents on versions, RCA results, comparisons, per-image errors and settings.
const char* const kV1toV2 = R"SQL(
ALTER TABLE segmentation_versions ADD COLUMN latent BLOB;
CREATE INDEX segmentation_versions_by_model ON segmentation_versions(model_id, image_id);
CREATE TABLE rca_results(
  id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES segmentation_versions(id),
  parameters_json TEXT NOT NULL, per_reference_json TEXT NOT NULL, mean REAL NOT NULL,
  max REAL NOT NULL, created_at TEXT NOT NULL,
  UNIQUE(version_id, parameters_json, per_reference_json));
CREATE TABLE comparisons(
  id INTEGER PRIMARY KEY, version_a INTEGER NOT NULL REFERENCES segmentation_versions(id),
  version_b INTEGER NOT NULL REFERENCES segmentation_versions(id),
  dice_lungs REAL NOT NULL, dice_heart REAL NOT NULL, dice_gt REAL NOT NULL,
  hausdorff_lungs REAL, hausdorff_heart REAL, hausdorff95_lungs REAL, hausdorff95_heart REAL,
  mse REAL NOT NULL, created_at TEXT NOT NULL, UNIQUE(version_a, version_b));
CREATE TABLE image_errors(
  id INTEGER PRIMARY KEY, error_key TEXT NOT NULL UNIQUE, image_id INTEGER REFERENCES images(id),
  dataset_id INTEGER REFERENCES datasets(id), model_id INTEGER REFERENCES models(id),
  file_path TEXT, stage TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
)SQL";

}  // namespace

const char* schemaStepScript(int fromVersion) {
  switch (fromVersion) {
    case 0: return kV0toV1;
    case 1: return kV1toV2;
    default: return nullptr;
  }
}

}  // namespace cxr::store
