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

// v3: preprocessing geometry, a cross-process change counter, the time a reader spent on a
// version, and the worklist's denormalised tables (image_summary: one row per image;
// reader_state: one row per image and reader that ever acted on it). Triggers keep all three
// right for every writer (importer, engine, merge, corrections); the step backfills them.
// Source codes: 0 model_run, 1 csv_import, 2 reader_correction, 3 consensus.
// Status codes: 0 pending, 1 accepted, 2 corrected, 3 rejected, 4 flagged_ood.
const char* const kV2toV3 = R"SQL(
ALTER TABLE segmentation_versions ADD COLUMN time_spent REAL NOT NULL DEFAULT 0;
CREATE INDEX segmentation_versions_by_image ON segmentation_versions(image_id, source, id);
CREATE TABLE preprocess_records(
  image_id INTEGER PRIMARY KEY REFERENCES images(id), model_size INTEGER NOT NULL,
  original_height INTEGER NOT NULL, original_width INTEGER NOT NULL,
  crop_left INTEGER NOT NULL, crop_top INTEGER NOT NULL, crop_right INTEGER NOT NULL,
  crop_bottom INTEGER NOT NULL, pad_left INTEGER NOT NULL, pad_top INTEGER NOT NULL,
  square_side INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE data_version(id INTEGER PRIMARY KEY CHECK(id = 1), value INTEGER NOT NULL);
INSERT INTO data_version(id, value) VALUES(1, 1);
CREATE TABLE image_summary(
  image_id INTEGER PRIMARY KEY REFERENCES images(id),
  display_id TEXT NOT NULL, dataset_id INTEGER REFERENCES datasets(id),
  dataset_name TEXT NOT NULL DEFAULT '', mapping_count INTEGER NOT NULL DEFAULT 0,
  model_version_id INTEGER REFERENCES segmentation_versions(id), model_source INTEGER,
  rca_mean REAL, rca_max REAL, has_error INTEGER NOT NULL DEFAULT 0,
  rca_mean_key REAL GENERATED ALWAYS AS (ifnull(rca_mean, -1e308)) VIRTUAL,
  rca_max_key REAL GENERATED ALWAYS AS (ifnull(rca_max, -1e308)) VIRTUAL,
  model_source_key INTEGER GENERATED ALWAYS AS (ifnull(model_source, -1)) VIRTUAL);
CREATE TABLE reader_state(
  image_id INTEGER NOT NULL REFERENCES images(id), reader_id INTEGER NOT NULL REFERENCES readers(id),
  status_code INTEGER NOT NULL DEFAULT 0, current_version_id INTEGER REFERENCES segmentation_versions(id),
  current_source INTEGER, time_spent REAL NOT NULL DEFAULT 0, true_dice REAL, updated_at TEXT,
  PRIMARY KEY(image_id, reader_id)) WITHOUT ROWID;

CREATE TRIGGER images_v3 AFTER INSERT ON images BEGIN
  INSERT INTO image_summary(image_id, display_id) VALUES(new.id, new.image_key);
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER dataset_images_v3 AFTER INSERT ON dataset_images BEGIN
  UPDATE image_summary SET mapping_count = mapping_count + 1 WHERE image_id = new.image_id;
  UPDATE image_summary SET dataset_id = new.dataset_id, display_id = new.external_id,
    dataset_name = (SELECT name FROM datasets WHERE id = new.dataset_id)
  WHERE image_id = new.image_id AND (dataset_id IS NULL OR dataset_id > new.dataset_id);
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER segmentation_versions_v3 AFTER INSERT ON segmentation_versions BEGIN
  UPDATE image_summary SET model_version_id = new.id,
    model_source = CASE new.source WHEN 'model_run' THEN 0 ELSE 1 END,
    rca_mean = new.rca_mean, rca_max = new.rca_max
  WHERE new.source IN ('model_run', 'csv_import') AND image_id = new.image_id
    AND (model_version_id IS NULL OR model_version_id < new.id);
  UPDATE reader_state SET true_dice = coalesce(
      (SELECT dice_gt FROM comparisons WHERE version_a = new.id AND version_b = reader_state.current_version_id),
      (SELECT dice_gt FROM comparisons WHERE version_a = reader_state.current_version_id AND version_b = new.id))
  WHERE new.source IN ('model_run', 'csv_import') AND image_id = new.image_id
    AND new.id = (SELECT model_version_id FROM image_summary WHERE image_id = new.image_id);
  INSERT INTO reader_state(image_id, reader_id, time_spent, updated_at)
    SELECT new.image_id, new.author_id, new.time_spent, new.created_at WHERE new.time_spent > 0
  ON CONFLICT(image_id, reader_id) DO UPDATE SET time_spent = time_spent + excluded.time_spent,
    updated_at = max(coalesce(updated_at, ''), excluded.updated_at);
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER current_versions_insert_v3 AFTER INSERT ON current_versions BEGIN
  INSERT INTO reader_state(image_id, reader_id, current_version_id, current_source, true_dice, updated_at)
    SELECT new.image_id, new.reader_id, new.version_id,
      CASE v.source WHEN 'model_run' THEN 0 WHEN 'csv_import' THEN 1
        WHEN 'reader_correction' THEN 2 ELSE 3 END,
      coalesce(
        (SELECT dice_gt FROM comparisons WHERE version_a = s.model_version_id AND version_b = new.version_id),
        (SELECT dice_gt FROM comparisons WHERE version_a = new.version_id AND version_b = s.model_version_id)),
      new.updated_at
    FROM segmentation_versions v LEFT JOIN image_summary s ON s.image_id = new.image_id
    WHERE v.id = new.version_id
  ON CONFLICT(image_id, reader_id) DO UPDATE SET current_version_id = excluded.current_version_id,
    current_source = excluded.current_source, true_dice = excluded.true_dice,
    updated_at = max(coalesce(updated_at, ''), excluded.updated_at);
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER current_versions_update_v3 AFTER UPDATE ON current_versions BEGIN
  UPDATE reader_state SET current_version_id = new.version_id,
    current_source = (SELECT CASE source WHEN 'model_run' THEN 0 WHEN 'csv_import' THEN 1
        WHEN 'reader_correction' THEN 2 ELSE 3 END FROM segmentation_versions WHERE id = new.version_id),
    true_dice = coalesce(
      (SELECT dice_gt FROM comparisons c JOIN image_summary s ON s.image_id = new.image_id
        WHERE c.version_a = s.model_version_id AND c.version_b = new.version_id),
      (SELECT dice_gt FROM comparisons c JOIN image_summary s ON s.image_id = new.image_id
        WHERE c.version_a = new.version_id AND c.version_b = s.model_version_id)),
    updated_at = max(coalesce(updated_at, ''), new.updated_at)
  WHERE image_id = new.image_id AND reader_id = new.reader_id;
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER reviews_v3 AFTER INSERT ON reviews BEGIN
  INSERT INTO reader_state(image_id, reader_id, status_code, time_spent, updated_at)
    VALUES(new.image_id, new.reader_id,
      CASE new.status WHEN 'pending' THEN 0 WHEN 'accepted' THEN 1 WHEN 'corrected' THEN 2
        WHEN 'rejected' THEN 3 ELSE 4 END, new.time_spent, new.created_at)
  ON CONFLICT(image_id, reader_id) DO UPDATE SET status_code = excluded.status_code,
    time_spent = time_spent + excluded.time_spent,
    updated_at = max(coalesce(updated_at, ''), excluded.updated_at);
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER rca_results_v3 AFTER INSERT ON rca_results BEGIN
  UPDATE image_summary SET rca_mean = new.mean, rca_max = new.max
  WHERE image_id = (SELECT image_id FROM segmentation_versions WHERE id = new.version_id)
    AND model_version_id = new.version_id;
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER comparisons_v3 AFTER INSERT ON comparisons BEGIN
  UPDATE reader_state SET true_dice = coalesce(
      (SELECT dice_gt FROM comparisons WHERE version_a = s.model_version_id AND version_b = reader_state.current_version_id),
      (SELECT dice_gt FROM comparisons WHERE version_a = reader_state.current_version_id AND version_b = s.model_version_id))
    FROM image_summary s
  WHERE reader_state.image_id = (SELECT image_id FROM segmentation_versions WHERE id = new.version_a)
    AND s.image_id = reader_state.image_id
    AND reader_state.current_version_id IN (new.version_a, new.version_b);
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER image_errors_v3 AFTER INSERT ON image_errors BEGIN
  UPDATE image_summary SET has_error = 1 WHERE image_id = new.image_id;
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;

)SQL";


// v4: named worklists (stratified samples, assignments, adjudication lists) with their
// parameters, reader roles, reader assignments with a target number of independent reads,
// blind review flags, and versions with several parents (consensus).
const char* const kV3toV4 = R"SQL(
ALTER TABLE readers ADD COLUMN role TEXT NOT NULL DEFAULT 'reader'
  CHECK(role IN ('reader', 'adjudicator'));
CREATE TABLE worklists(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'manual' CHECK(kind IN ('manual', 'sample', 'adjudication')),
  parameters_json TEXT NOT NULL DEFAULT '{}',
  target_reads INTEGER NOT NULL DEFAULT 1 CHECK(target_reads >= 1),
  blind INTEGER NOT NULL DEFAULT 0 CHECK(blind IN (0, 1)),
  hide_model INTEGER NOT NULL DEFAULT 0 CHECK(hide_model IN (0, 1)),
  created_at TEXT NOT NULL);
CREATE TABLE worklist_images(
  worklist_id INTEGER NOT NULL REFERENCES worklists(id),
  image_id INTEGER NOT NULL REFERENCES images(id),
  position INTEGER NOT NULL, reason TEXT,
  PRIMARY KEY(worklist_id, image_id)) WITHOUT ROWID;
CREATE INDEX worklist_images_by_position ON worklist_images(worklist_id, position);
CREATE INDEX worklist_images_by_image ON worklist_images(image_id);
CREATE TABLE worklist_readers(
  worklist_id INTEGER NOT NULL REFERENCES worklists(id),
  reader_id INTEGER NOT NULL REFERENCES readers(id), assigned_at TEXT NOT NULL,
  PRIMARY KEY(worklist_id, reader_id)) WITHOUT ROWID;
CREATE TABLE version_parents(
  version_id INTEGER NOT NULL REFERENCES segmentation_versions(id),
  parent_id INTEGER NOT NULL REFERENCES segmentation_versions(id),
  position INTEGER NOT NULL, PRIMARY KEY(version_id, parent_id)) WITHOUT ROWID;
CREATE INDEX version_parents_by_parent ON version_parents(parent_id);
CREATE TRIGGER worklists_v4 AFTER INSERT ON worklists BEGIN
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER worklist_images_v4 AFTER INSERT ON worklist_images BEGIN
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER worklist_readers_v4 AFTER INSERT ON worklist_readers BEGIN
  UPDATE data_version SET value = value + 1 WHERE id = 1;
END;
)SQL";


// Recomputes image_summary and reader_state from the primary tables (what the v3 triggers
// maintain row by row), set-based (joins of materialised aggregates, no per-row subqueries)
// and with the summary indexes built afterwards: the v2 -> v3 backfill, and the reference the
// tests compare the triggers against. The worklist indexes are defined here only: one per sort
// key, ordered by (key, image id) like the worklist, each also holding the filter columns
// (has_error, model_source, rca_mean, dataset_id, mapping_count) so that a filtered scan in sort
// order never reads the table.
const char* const kRebuildSummaries = R"SQL(
DROP INDEX IF EXISTS image_summary_by_display_id;
DROP INDEX IF EXISTS image_summary_by_dataset;
DROP INDEX IF EXISTS image_summary_by_rca_mean;
DROP INDEX IF EXISTS image_summary_by_rca_max;
DROP INDEX IF EXISTS image_summary_by_model_source;
DROP INDEX IF EXISTS reader_state_by_status;
DROP INDEX IF EXISTS reader_state_by_source;
DROP INDEX IF EXISTS reader_state_by_time;
DROP INDEX IF EXISTS reader_state_by_true_dice;
DELETE FROM image_summary;
DELETE FROM reader_state;
INSERT INTO image_summary(image_id, display_id, dataset_id, dataset_name, mapping_count,
    model_version_id, model_source, rca_mean, rca_max, has_error)
  SELECT i.id, coalesce(m.external_id, i.image_key), m.dataset_id, coalesce(d.name, ''),
    coalesce(m.n, 0), v.id, CASE v.source WHEN 'model_run' THEN 0 WHEN 'csv_import' THEN 1 END,
    coalesce(r.mean, v.rca_mean), coalesce(r.max, v.rca_max), e.image_id IS NOT NULL
  FROM images i
  LEFT JOIN (SELECT image_id, dataset_id, external_id, n FROM (
      SELECT image_id, dataset_id, external_id, count(*) OVER (PARTITION BY image_id) AS n,
        row_number() OVER (PARTITION BY image_id ORDER BY dataset_id, rowid) AS rn
      FROM dataset_images) WHERE rn = 1) m ON m.image_id = i.id
  LEFT JOIN datasets d ON d.id = m.dataset_id
  LEFT JOIN (SELECT image_id, max(id) AS id FROM segmentation_versions
      WHERE source IN ('model_run', 'csv_import') GROUP BY image_id) mv ON mv.image_id = i.id
  LEFT JOIN segmentation_versions v ON v.id = mv.id
  LEFT JOIN (SELECT version_id, mean, max, max(id) FROM rca_results GROUP BY version_id) r
    ON r.version_id = mv.id
  LEFT JOIN (SELECT DISTINCT image_id FROM image_errors WHERE image_id IS NOT NULL) e
    ON e.image_id = i.id;
INSERT INTO reader_state(image_id, reader_id, current_version_id, current_source, updated_at)
  SELECT cv.image_id, cv.reader_id, cv.version_id, CASE v.source WHEN 'model_run' THEN 0
    WHEN 'csv_import' THEN 1 WHEN 'reader_correction' THEN 2 ELSE 3 END, cv.updated_at
  FROM current_versions cv JOIN segmentation_versions v ON v.id = cv.version_id;
INSERT INTO reader_state(image_id, reader_id, status_code, time_spent, updated_at)
  SELECT rv.image_id, rv.reader_id,
    (SELECT CASE x.status WHEN 'pending' THEN 0 WHEN 'accepted' THEN 1 WHEN 'corrected' THEN 2
       WHEN 'rejected' THEN 3 ELSE 4 END FROM reviews x
     WHERE x.image_id = rv.image_id AND x.reader_id = rv.reader_id ORDER BY x.id DESC LIMIT 1),
    sum(rv.time_spent), max(rv.created_at)
  FROM reviews rv WHERE true GROUP BY rv.image_id, rv.reader_id
  ON CONFLICT(image_id, reader_id) DO UPDATE SET status_code = excluded.status_code,
    time_spent = time_spent + excluded.time_spent,
    updated_at = max(coalesce(updated_at, ''), excluded.updated_at);
INSERT INTO reader_state(image_id, reader_id, time_spent, updated_at)
  SELECT v.image_id, v.author_id, sum(v.time_spent), max(v.created_at)
  FROM segmentation_versions v WHERE v.time_spent > 0 GROUP BY v.image_id, v.author_id
  ON CONFLICT(image_id, reader_id) DO UPDATE SET time_spent = time_spent + excluded.time_spent,
    updated_at = max(coalesce(updated_at, ''), excluded.updated_at);
UPDATE reader_state SET true_dice = coalesce(
    (SELECT c.dice_gt FROM comparisons c JOIN image_summary s ON s.image_id = reader_state.image_id
      WHERE c.version_a = s.model_version_id AND c.version_b = reader_state.current_version_id),
    (SELECT c.dice_gt FROM comparisons c JOIN image_summary s ON s.image_id = reader_state.image_id
      WHERE c.version_a = reader_state.current_version_id AND c.version_b = s.model_version_id))
  WHERE current_version_id IN (SELECT version_a FROM comparisons UNION SELECT version_b FROM comparisons);
CREATE INDEX image_summary_by_display_id ON image_summary(display_id, image_id, has_error, model_source,
  rca_mean, dataset_id, mapping_count);
CREATE INDEX image_summary_by_dataset ON image_summary(dataset_name, image_id, has_error, model_source,
  rca_mean, dataset_id, mapping_count);
CREATE INDEX image_summary_by_rca_mean ON image_summary(rca_mean_key, image_id, has_error, model_source,
  rca_mean, dataset_id, mapping_count);
CREATE INDEX image_summary_by_rca_max ON image_summary(rca_max_key, image_id, has_error, model_source,
  rca_mean, dataset_id, mapping_count);
CREATE INDEX image_summary_by_model_source ON image_summary(model_source_key, image_id,
  has_error, model_source, rca_mean, dataset_id, mapping_count);
CREATE INDEX reader_state_by_status ON reader_state(reader_id, status_code, image_id);
CREATE INDEX reader_state_by_source ON reader_state(reader_id, current_source, image_id);
CREATE INDEX reader_state_by_time ON reader_state(reader_id, time_spent, image_id);
CREATE INDEX reader_state_by_true_dice ON reader_state(reader_id, true_dice, image_id);
)SQL";

// v5: model lineage for models fine-tuned from readers' corrections (docs/fine-tuning.md):
// the parent model, the weights file, what the model was trained on and its held-out figures
// (JSON). Older rows keep NULL / '{}' (a model known only by name and hash).
const char* const kV4toV5 = R"SQL(
ALTER TABLE models ADD COLUMN parent_model_id INTEGER REFERENCES models(id);
ALTER TABLE models ADD COLUMN file_path TEXT;
ALTER TABLE models ADD COLUMN training_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE models ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '{}';
CREATE INDEX models_by_parent ON models(parent_model_id);
)SQL";

// v6: the RLE columns of segmentation_versions may hold a compact BLOB (StoreCodec::rleToBlob)
// instead of the text; the columns keep their TEXT affinity, which stores a BLOB as it is.
// Rows written before stay text and read as before, so the step changes no data. It exists
// so that an older program refuses the file instead of reading a blob as RLE text.
const char* const kV5toV6 = R"SQL(
UPDATE data_version SET value = value + 1 WHERE id = 1;
)SQL";

}  // namespace

const char* schemaStepScript(int fromVersion) {
  switch (fromVersion) {
    case 0: return kV0toV1;
    case 1: return kV1toV2;
    case 2: return kV2toV3;
    case 3: return kV3toV4;
    case 4: return kV4toV5;
    case 5: return kV5toV6;
    default: return nullptr;
  }
}

const char* summaryRebuildScript() { return kRebuildSummaries; }

}  // namespace cxr::store
