#include "core/store/StoreMerger.h"

#include "core/store/AuditLog.h"
#include "core/store/Connection.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReaderRepository.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <filesystem>

namespace cxr::store {

namespace fs = std::filesystem;

namespace {

RowId mapped(const std::unordered_map<RowId, RowId>& map, RowId id, const char* what) {
  const auto it = map.find(id);
  if (it == map.end())
    throw StoreError(std::string("merge: the other database refers to a missing ") + what + " (" +
                     std::to_string(id) + ")");
  return it->second;
}

std::optional<RowId> mappedOptional(const std::unordered_map<RowId, RowId>& map,
                                    const std::optional<RowId>& id, const char* what) {
  if (!id) return std::nullopt;
  return mapped(map, *id, what);
}

}  // namespace

MergeStats StoreMerger::mergeFrom(const std::string& otherPath) {
  std::error_code ec;
  if (fs::equivalent(otherPath, m_target.path(), ec))
    throw StoreError("cannot merge review database '" + otherPath + "' into itself");
  StoreOptions options;
  options.create = false;
  options.checkIntegrity = true;  // a damaged shard is refused before anything is copied
  ReviewStore source(otherPath, options);  // and brought to the current schema
  Connection& src = source.connection();
  m_stats = {};
  Transaction tx(m_target);
  mergeNamed(src);
  mergeImages(src, source.folder());
  mergeVersions(src);
  mergeCurrentPointers(src);
  mergeReviewsAndAudit(src);
  mergeResults(src);
  mergePreprocess(src);
  mergeReadersWork(src);
  const std::int64_t added = m_stats.imagesAdded + m_stats.versionsAdded + m_stats.reviewsAdded +
                             m_stats.rcaResultsAdded + m_stats.comparisonsAdded +
                             m_stats.imageErrorsAdded;
  if (added > 0)
    m_target.audit().record("system", "merge", "database", std::nullopt, otherPath,
                            std::to_string(m_stats.imagesAdded) + " images, " +
                                std::to_string(m_stats.versionsAdded) + " versions added");
  // Checked inside the transaction: a failure rolls the whole merge back.
  const auto problems = m_target.integrityCheck();
  if (!problems.empty())
    throw StoreError("merging '" + otherPath + "' into review database '" + m_target.path() +
                     "' failed the integrity check (" + problems.front() +
                     "); nothing was merged");
  tx.commit();
  return m_stats;
}

void StoreMerger::mergeNamed(Connection& src) {
  Statement readers(src, "SELECT id, name, kind FROM readers");
  while (readers.step())
    m_readers[readers.int64At(0)] = m_target.readers().ensureReader(
        readers.textAt(1), readerKindFromString(readers.textAt(2)));
  Statement models(src, "SELECT id, name, file_sha256, config_json, input_size FROM models");
  while (models.step()) {
    ModelInfo info{models.textAt(1), models.textAt(2), models.textAt(3),
                   static_cast<int>(models.int64At(4))};
    m_models[models.int64At(0)] = m_target.models().registerModel(info);
  }
  // Lineage of trained models (parents mapped; a target that already knows it keeps its own).
  for (const ModelRecord& m : ModelRepository(src).list()) {
    if (!m.lineage.parentId && m.lineage.filePath.empty() && m.lineage.trainingJson == "{}" &&
        m.lineage.metricsJson == "{}")
      continue;
    const std::optional<ModelRecord> existing = m_target.models().find(mapped(m_models, m.id, "model"));
    if (existing && (existing->lineage.parentId || existing->lineage.trainingJson != "{}")) continue;
    ModelLineage lineage = m.lineage;
    lineage.parentId = mappedOptional(m_models, m.lineage.parentId, "model");
    m_target.models().registerTrainedModel(m.info, lineage);
  }
  for (const auto& ds : DatasetRepository(src).list())
    m_datasets[ds.id] = m_target.datasets().ensureDataset(ds.info);
  Statement settings(src, "SELECT key, value, updated_at FROM settings");
  Statement ins(m_target.connection(),
                "INSERT OR IGNORE INTO settings(key, value, updated_at) VALUES(?,?,?)");
  while (settings.step()) {
    ins.reset().bind(1, settings.textAt(0)).bind(2, settings.textAt(1)).bind(3, settings.textAt(2)).run();
  }
}

void StoreMerger::mergeImages(Connection& src, const std::string& srcFolder) {
  Statement st(src,
               "SELECT i.id, i.image_key, i.sop_uid, i.file_path, i.file_sha256, i.file_size, "
               "i.view_position, i.photometric, i.width, i.height, p.patient_id, p.name, "
               "p.birth_date, p.sex, s.study_uid, s.study_date, s.study_time, s.description, "
               "s.accession_number, se.series_uid, se.modality, se.description, se.series_number "
               "FROM images i LEFT JOIN series se ON se.id = i.series_id "
               "LEFT JOIN studies s ON s.id = se.study_id LEFT JOIN patients p ON p.id = s.patient_id "
               "ORDER BY i.id");
  while (st.step()) {
    ImageRegistration reg;
    reg.fallbackKey = st.textAt(1);
    reg.image = {st.textAt(2), st.textAt(3), st.textAt(4), st.int64At(5), st.textAt(6),
                 st.textAt(7), static_cast<int>(st.int64At(8)), static_cast<int>(st.int64At(9))};
    // Stored paths are relative to the other file's folder; re-anchor them.
    if (!reg.image.filePath.empty() && fs::path(reg.image.filePath).is_relative())
      reg.image.filePath = (fs::path(srcFolder) / reg.image.filePath).lexically_normal().string();
    reg.patient = {st.textAt(10), st.textAt(11), st.textAt(12), st.textAt(13)};
    reg.study = {st.textAt(14), st.textAt(15), st.textAt(16), st.textAt(17), st.textAt(18)};
    reg.series = {st.textAt(19), st.textAt(20), st.textAt(21), static_cast<int>(st.int64At(22))};
    if (ImageRepository::naturalKey(reg) != reg.fallbackKey)
      throw StoreError("merge: image key '" + reg.fallbackKey + "' does not match its UID/hash");
    const bool existed = m_target.images().findByKey(reg.fallbackKey).has_value();
    m_images[st.int64At(0)] = m_target.images().registerImage(reg);
    ++(existed ? m_stats.imagesExisting : m_stats.imagesAdded);
  }
  Statement di(src, "SELECT dataset_id, image_id, external_id, row_index FROM dataset_images");
  while (di.step())
    m_target.datasets().addImage(mapped(m_datasets, di.int64At(0), "dataset"),
                                 mapped(m_images, di.int64At(1), "image"), di.textAt(2),
                                 di.isNull(3) ? -1 : di.int64At(3));
}

void StoreMerger::mergeVersions(Connection& src) {
  Connection& dst = m_target.connection();
  // Ordered by id: a parent is always older than its children, so it is mapped first.
  Statement st(src, "SELECT id, image_id, source, parent_id, author_id, model_id, mask_space, "
                    "landmarks_model, landmarks_original, rle_right_lung, rle_left_lung, rle_heart, "
                    "height, width, rca_mean, rca_max, note, content_sha256, created_at, latent, time_spent "
                    "FROM segmentation_versions ORDER BY id");
  // Prepared once: a merge runs them once per row of shard databases of any size.
  Statement find(dst, "SELECT id FROM segmentation_versions WHERE image_id = ? AND content_sha256 = ?");
  Statement ins(dst, "INSERT INTO segmentation_versions(image_id, source, parent_id, author_id, "
                     "model_id, mask_space, landmarks_model, landmarks_original, rle_right_lung, "
                     "rle_left_lung, rle_heart, height, width, rca_mean, rca_max, note, "
                     "content_sha256, created_at, latent, time_spent) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  while (st.step()) {
    const RowId image = mapped(m_images, st.int64At(1), "image");
    find.reset().bind(1, image).bind(2, st.textAt(17));
    if (find.step()) {
      m_versions[st.int64At(0)] = find.int64At(0);
      ++m_stats.versionsExisting;
      continue;
    }
    ins.reset().bind(1, image).bind(2, st.textAt(2))
        .bind(3, mappedOptional(m_versions, st.optionalInt64At(3), "parent version"))
        .bind(4, mapped(m_readers, st.int64At(4), "reader"))
        .bind(5, mappedOptional(m_models, st.optionalInt64At(5), "model")).bind(6, st.textAt(6));
    for (int col : {7, 8, 19}) {
      const auto blob = st.blobAt(col);
      if (!st.isNull(col)) ins.bindBlob(col, blob.data(), blob.size());  // same index in both
    }
    // The RLE columns as stored (compact blob or text): the content hash covers the text.
    ins.bindValueOf(9, st, 9).bindValueOf(10, st, 10).bindValueOf(11, st, 11)
        .bind(12, st.int64At(12)).bind(13, st.int64At(13)).bind(14, st.optionalDoubleAt(14))
        .bind(15, st.optionalDoubleAt(15)).bindTextOrNull(16, st.textAt(16))
        .bind(17, st.textAt(17)).bind(18, st.textAt(18)).bind(20, st.doubleAt(20)).run();
    m_versions[st.int64At(0)] = dst.lastInsertId();
    ++m_stats.versionsAdded;
  }
}

void StoreMerger::mergeCurrentPointers(Connection& src) {
  Connection& dst = m_target.connection();
  Statement st(src, "SELECT image_id, reader_id, version_id, updated_at FROM current_versions");
  // The later decision wins when both files moved the same reader's pointer.
  Statement up(dst, "INSERT INTO current_versions(image_id, reader_id, version_id, updated_at) "
                    "VALUES(?,?,?,?) ON CONFLICT(image_id, reader_id) DO UPDATE SET "
                    "version_id = excluded.version_id, updated_at = excluded.updated_at "
                    "WHERE excluded.updated_at > current_versions.updated_at");
  while (st.step()) {
    up.reset().bind(1, mapped(m_images, st.int64At(0), "image"))
        .bind(2, mapped(m_readers, st.int64At(1), "reader"))
        .bind(3, mapped(m_versions, st.int64At(2), "version")).bind(4, st.textAt(3)).run();
  }
}

void StoreMerger::mergeReviewsAndAudit(Connection& src) {
  Connection& dst = m_target.connection();
  Statement rv(src, "SELECT uuid, image_id, reader_id, status, comment, time_spent, version_id, "
                    "created_at FROM reviews ORDER BY id");
  Statement insReview(dst, "INSERT OR IGNORE INTO reviews(uuid, image_id, reader_id, status, comment, "
                           "time_spent, version_id, created_at) VALUES(?,?,?,?,?,?,?,?)");
  while (rv.step()) {
    insReview.reset().bind(1, rv.textAt(0)).bind(2, mapped(m_images, rv.int64At(1), "image"))
        .bind(3, mapped(m_readers, rv.int64At(2), "reader")).bind(4, rv.textAt(3))
        .bindTextOrNull(5, rv.textAt(4)).bind(6, rv.doubleAt(5))
        .bind(7, mappedOptional(m_versions, rv.optionalInt64At(6), "version"))
        .bind(8, rv.textAt(7)).run();
    m_stats.reviewsAdded += dst.changes();
  }
  Statement au(src, "SELECT uuid, who, action, entity, entity_id, from_value, to_value, created_at "
                    "FROM audit_log ORDER BY id");
  Statement insAudit(dst, "INSERT OR IGNORE INTO audit_log(uuid, who, action, entity, entity_id, "
                          "from_value, to_value, created_at) VALUES(?,?,?,?,?,?,?,?)");
  while (au.step()) {
    const std::string entity = au.textAt(3);
    std::optional<RowId> entityId = au.optionalInt64At(4);
    if (entity == "image") entityId = mappedOptional(m_images, entityId, "image");
    insAudit.reset().bind(1, au.textAt(0)).bind(2, au.textAt(1)).bind(3, au.textAt(2)).bind(4, entity)
        .bind(5, entityId).bindTextOrNull(6, au.textAt(5)).bindTextOrNull(7, au.textAt(6))
        .bind(8, au.textAt(7)).run();
    m_stats.auditEntriesAdded += dst.changes();
  }
}

void StoreMerger::mergeResults(Connection& src) {
  Connection& dst = m_target.connection();
  Statement rca(src, "SELECT version_id, parameters_json, per_reference_json, mean, max, created_at "
                     "FROM rca_results ORDER BY id");
  Statement insRca(dst, "INSERT OR IGNORE INTO rca_results(version_id, parameters_json, "
                        "per_reference_json, mean, max, created_at) VALUES(?,?,?,?,?,?)");
  while (rca.step()) {
    insRca.reset().bind(1, mapped(m_versions, rca.int64At(0), "version")).bind(2, rca.textAt(1))
        .bind(3, rca.textAt(2)).bind(4, rca.doubleAt(3)).bind(5, rca.doubleAt(4))
        .bind(6, rca.textAt(5)).run();
    m_stats.rcaResultsAdded += dst.changes();
  }
  Statement cmp(src, "SELECT version_a, version_b, dice_lungs, dice_heart, dice_gt, "
                     "hausdorff_lungs, hausdorff_heart, hausdorff95_lungs, hausdorff95_heart, mse, "
                     "created_at FROM comparisons ORDER BY id");
  Statement insCmp(dst, "INSERT OR IGNORE INTO comparisons(version_a, version_b, dice_lungs, "
                        "dice_heart, dice_gt, hausdorff_lungs, hausdorff_heart, hausdorff95_lungs, "
                        "hausdorff95_heart, mse, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  while (cmp.step()) {
    insCmp.reset().bind(1, mapped(m_versions, cmp.int64At(0), "version"))
        .bind(2, mapped(m_versions, cmp.int64At(1), "version"));
    for (int c = 2; c <= 9; ++c) insCmp.bind(c + 1, cmp.optionalDoubleAt(c));
    insCmp.bind(11, cmp.textAt(10)).run();
    m_stats.comparisonsAdded += dst.changes();
  }
  Statement err(src, "SELECT error_key, image_id, dataset_id, model_id, file_path, stage, message, "
                     "created_at FROM image_errors ORDER BY id");
  Statement insErr(dst, "INSERT OR IGNORE INTO image_errors(error_key, image_id, dataset_id, "
                        "model_id, file_path, stage, message, created_at) VALUES(?,?,?,?,?,?,?,?)");
  while (err.step()) {
    insErr.reset().bind(1, err.textAt(0)).bind(2, mappedOptional(m_images, err.optionalInt64At(1), "image"))
        .bind(3, mappedOptional(m_datasets, err.optionalInt64At(2), "dataset"))
        .bind(4, mappedOptional(m_models, err.optionalInt64At(3), "model"))
        .bindTextOrNull(5, err.textAt(4)).bind(6, err.textAt(5)).bind(7, err.textAt(6))
        .bind(8, err.textAt(7)).run();
    m_stats.imageErrorsAdded += dst.changes();
  }
}

void StoreMerger::mergePreprocess(Connection& src) {
  Connection& dst = m_target.connection();
  Statement st(src, "SELECT image_id, model_size, original_height, original_width, crop_left, "
                    "crop_top, crop_right, crop_bottom, pad_left, pad_top, square_side, updated_at "
                    "FROM preprocess_records ORDER BY image_id");
  // The later record wins when both files preprocessed the same image.
  Statement up(dst, "INSERT INTO preprocess_records(image_id, model_size, original_height, "
                    "original_width, crop_left, crop_top, crop_right, crop_bottom, pad_left, "
                    "pad_top, square_side, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT(image_id) DO UPDATE SET model_size = excluded.model_size, "
                    "original_height = excluded.original_height, "
                    "original_width = excluded.original_width, crop_left = excluded.crop_left, "
                    "crop_top = excluded.crop_top, crop_right = excluded.crop_right, "
                    "crop_bottom = excluded.crop_bottom, pad_left = excluded.pad_left, "
                    "pad_top = excluded.pad_top, square_side = excluded.square_side, "
                    "updated_at = excluded.updated_at "
                    "WHERE excluded.updated_at > preprocess_records.updated_at");
  while (st.step()) {
    up.reset().bind(1, mapped(m_images, st.int64At(0), "image"));
    for (int c = 1; c <= 10; ++c) up.bind(c + 1, st.int64At(c));
    up.bind(12, st.textAt(11)).run();
    m_stats.preprocessRecordsAdded += dst.changes();
  }
}

void StoreMerger::mergeReadersWork(Connection& src) {
  Connection& dst = m_target.connection();
  // An adjudicator stays one (a role is only ever raised by a merge, never lowered).
  Statement roles(src, "SELECT id FROM readers WHERE role = 'adjudicator'");
  Statement setRole(dst, "UPDATE readers SET role = 'adjudicator' WHERE id = ?");
  while (roles.step()) setRole.reset().bind(1, mapped(m_readers, roles.int64At(0), "reader")).run();

  Statement parents(src, "SELECT version_id, parent_id, position FROM version_parents");
  Statement insParent(dst, "INSERT OR IGNORE INTO version_parents(version_id, parent_id, position) "
                           "VALUES(?,?,?)");
  while (parents.step())
    insParent.reset().bind(1, mapped(m_versions, parents.int64At(0), "version"))
        .bind(2, mapped(m_versions, parents.int64At(1), "parent version")).bind(3, parents.int64At(2)).run();

  // Worklists match by name. A new one is copied with its settings and order; images missing
  // from an existing one are appended after its last position, in the source's order.
  Statement lists(src, "SELECT id, name, kind, parameters_json, target_reads, blind, hide_model, "
                       "created_at FROM worklists ORDER BY id");
  Statement find(dst, "SELECT id FROM worklists WHERE name = ?");
  Statement insList(dst, "INSERT INTO worklists(name, kind, parameters_json, target_reads, blind, "
                         "hide_model, created_at) VALUES(?,?,?,?,?,?,?)");
  Statement lastPos(dst, "SELECT coalesce(max(position) + 1, 0) FROM worklist_images WHERE worklist_id = ?");
  Statement images(src, "SELECT image_id, position, reason FROM worklist_images WHERE worklist_id = ? "
                        "ORDER BY position");
  Statement insImage(dst, "INSERT OR IGNORE INTO worklist_images(worklist_id, image_id, position, reason) "
                          "VALUES(?,?,?,?)");
  Statement readers(src, "SELECT reader_id, assigned_at FROM worklist_readers WHERE worklist_id = ?");
  Statement insReader(dst, "INSERT OR IGNORE INTO worklist_readers(worklist_id, reader_id, assigned_at) "
                           "VALUES(?,?,?)");
  while (lists.step()) {
    RowId target = 0;
    bool created = false;
    find.reset().bind(1, lists.textAt(1));
    if (find.step()) {
      target = find.int64At(0);
    } else {
      insList.reset().bind(1, lists.textAt(1)).bind(2, lists.textAt(2)).bind(3, lists.textAt(3))
          .bind(4, lists.int64At(4)).bind(5, lists.int64At(5)).bind(6, lists.int64At(6))
          .bind(7, lists.textAt(7)).run();
      target = dst.lastInsertId();
      created = true;
    }
    lastPos.reset().bind(1, target);
    lastPos.step();
    std::int64_t next = lastPos.int64At(0);
    images.reset().bind(1, lists.int64At(0));
    while (images.step()) {
      const std::int64_t position = created ? images.int64At(1) : next;
      insImage.reset().bind(1, target).bind(2, mapped(m_images, images.int64At(0), "image"))
          .bind(3, position).bindTextOrNull(4, images.textAt(2)).run();
      if (!created && dst.changes() > 0) ++next;
    }
    readers.reset().bind(1, lists.int64At(0));
    while (readers.step())
      insReader.reset().bind(1, target).bind(2, mapped(m_readers, readers.int64At(0), "reader"))
          .bind(3, readers.textAt(1)).run();
  }
}

}  // namespace cxr::store
