#include "tests/store/WorklistFixture.h"

#include "core/store/Connection.h"
#include "core/store/ReviewStore.h"
#include "core/store/SchemaScripts.h"
#include "core/store/Statement.h"
#include "core/store/Transaction.h"

#include <cstdio>
#include <string>
#include <vector>

namespace cxr::store::test {

namespace {

#define CXR_SEQ "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1) "
// Only the images i = first, first + step, ... <= ?1.
#define CXR_STRIDE(first, step)                                                               \
  "WITH RECURSIVE seq(i) AS (SELECT " #first " UNION ALL SELECT i + " #step " FROM seq WHERE i + " \
  #step " <= ?1) "
#define CXR_T "'2024-01-01T00:00:00.000Z'"
#define CXR_T2 "'2024-01-02T00:00:00.000Z'"
#define CXR_IN_DS1 "i * 10 <= ?1 * 6"
#define CXR_MODEL_VERSION "CASE WHEN i % 50 = 7 THEN ?1 + i ELSE i END"
// julia's reviews are i % 300 == 1; the corrected ones (status code 2) are i % 1500 == 601.
#define CXR_CORRECTED CXR_STRIDE(601, 1500)

const char* const kNamed[] = {
    "INSERT INTO readers(id, name, kind, created_at) VALUES(1, 'chexmask', 'model', " CXR_T "), "
    "(2, 'hybridgnet', 'model', " CXR_T "), (3, 'julia', 'human', " CXR_T "), "
    "(4, 'mark', 'human', " CXR_T ")",
    "INSERT INTO models(id, name, file_sha256, created_at) VALUES(1, 'hybridgnet', 'feed', " CXR_T ")",
    "INSERT INTO datasets(id, name, kind, created_at) VALUES(1, 'ChestX-Ray8', 'csv', " CXR_T "), "
    "(2, 'PadChest', 'csv', " CXR_T ")",
};

// Each statement binds ?1 = number of images. Versions carry an empty landmark blob: the
// worklist never decodes them.
const char* const kPrimary[] = {
    CXR_SEQ "INSERT INTO images(id, image_key, created_at) SELECT i, printf('gen:%08d', i), "
    CXR_T " FROM seq",
    CXR_SEQ "INSERT INTO dataset_images(dataset_id, image_id, external_id, row_index) "
    "SELECT CASE WHEN " CXR_IN_DS1 " THEN 1 ELSE 2 END, i, CASE WHEN " CXR_IN_DS1
    " THEN printf('%07d.png', (i * 7919) % ?1) ELSE printf('PC%07d.png', (i * 7919) % ?1) END, i "
    "FROM seq WHERE i % 1000 != 999",
    CXR_STRIDE(1, 5000) "INSERT INTO dataset_images(dataset_id, image_id, external_id, row_index) "
    "SELECT 2, i, 'dup_' || i, i FROM seq",
    CXR_SEQ "INSERT INTO segmentation_versions(id, image_id, source, author_id, mask_space, "
    "landmarks_model, rle_right_lung, rle_left_lung, rle_heart, height, width, rca_mean, rca_max, "
    "content_sha256, created_at) SELECT i, i, 'csv_import', 1, 'model', x'', '', '', '', 1024, "
    "1024, r, r + (i % 7) / 100.0, 'c' || i, " CXR_T " FROM (SELECT i, CASE WHEN i % 10 = 3 "
    "THEN NULL ELSE ((i * 37) % 1000) / 1000.0 END AS r FROM seq WHERE i % 20 != 0)",
    CXR_STRIDE(7, 50) "INSERT INTO segmentation_versions(id, image_id, source, author_id, model_id, "
    "mask_space, landmarks_model, rle_right_lung, rle_left_lung, rle_heart, height, width, "
    "content_sha256, created_at) SELECT ?1 + i, i, 'model_run', 2, 1, 'model', x'', '', '', '', "
    "1024, 1024, 'm' || i, " CXR_T " FROM seq",
    CXR_CORRECTED "INSERT INTO segmentation_versions(id, image_id, source, parent_id, author_id, "
    "mask_space, landmarks_model, rle_right_lung, rle_left_lung, rle_heart, height, width, "
    "content_sha256, created_at, time_spent) SELECT 2 * ?1 + i, i, 'reader_correction', "
    CXR_MODEL_VERSION ", 3, 'model', x'', '', '', '', 1024, 1024, 'j' || i, " CXR_T2 ", 30.25 "
    "FROM seq",
    CXR_STRIDE(7, 100) "INSERT INTO rca_results(version_id, parameters_json, per_reference_json, "
    "mean, max, created_at) SELECT ?1 + i, '{}', '[]', ((i * 53) % 1000) / 1000.0, "
    "((i * 53) % 1000) / 1000.0 + 0.01, " CXR_T " FROM seq",
    CXR_SEQ "INSERT INTO current_versions(image_id, reader_id, version_id, updated_at) "
    "SELECT i, 1, i, " CXR_T " FROM seq WHERE i % 20 != 0",
    CXR_STRIDE(7, 50) "INSERT INTO current_versions(image_id, reader_id, version_id, updated_at) "
    "SELECT i, 2, ?1 + i, " CXR_T " FROM seq",
    CXR_CORRECTED "INSERT INTO current_versions(image_id, reader_id, version_id, updated_at) "
    "SELECT i, 3, 2 * ?1 + i, " CXR_T2 " FROM seq",
    CXR_STRIDE(1, 600) "INSERT INTO reviews(uuid, image_id, reader_id, status, time_spent, "
    "created_at) SELECT 'jp' || i, i, 3, 'accepted', 2.0, " CXR_T " FROM seq",
    CXR_STRIDE(1, 300) "INSERT INTO reviews(uuid, image_id, reader_id, status, time_spent, "
    "created_at) SELECT 'j' || i, i, 3, CASE (i / 300) % 5 WHEN 0 THEN 'pending' WHEN 1 THEN "
    "'accepted' WHEN 2 THEN 'corrected' WHEN 3 THEN 'rejected' ELSE 'flagged_ood' END, "
    "(i % 17) + 0.5, " CXR_T2 " FROM seq",
    CXR_STRIDE(2, 1000) "INSERT INTO reviews(uuid, image_id, reader_id, status, time_spent, "
    "created_at) SELECT 'm' || i, i, 4, CASE (i / 1000) % 2 WHEN 1 THEN 'rejected' ELSE "
    "'accepted' END, 5.0, " CXR_T2 " FROM seq",
    CXR_CORRECTED "INSERT INTO comparisons(version_a, version_b, dice_lungs, dice_heart, dice_gt, "
    "mse, created_at) SELECT " CXR_MODEL_VERSION ", 2 * ?1 + i, 0.9, 0.9, "
    "((i * 13) % 100) / 100.0, 1.0, " CXR_T " FROM seq WHERE i % 7 != 0",
    CXR_STRIDE(40, 40) "INSERT INTO image_errors(error_key, image_id, stage, message, created_at) "
    "SELECT 'e' || i, i, 'inference', 'generated', " CXR_T " FROM seq",
    CXR_STRIDE(5, 997) "INSERT INTO image_errors(error_key, image_id, stage, message, created_at) "
    "SELECT 'f' || i, i, 'inference', 'generated', " CXR_T " FROM seq",
};

// The summaries with the same formulas (WorklistFixtureTest compares them with a rebuild).
const char* const kSummaries[] = {
    CXR_SEQ "INSERT INTO image_summary(image_id, display_id, dataset_id, dataset_name, "
    "mapping_count, model_version_id, model_source, rca_mean, rca_max, has_error) "
    "SELECT i, CASE WHEN i % 1000 = 999 THEN printf('gen:%08d', i) WHEN " CXR_IN_DS1
    " THEN printf('%07d.png', (i * 7919) % ?1) ELSE printf('PC%07d.png', (i * 7919) % ?1) END, "
    "CASE WHEN i % 1000 = 999 THEN NULL WHEN " CXR_IN_DS1 " THEN 1 ELSE 2 END, "
    "CASE WHEN i % 1000 = 999 THEN '' WHEN " CXR_IN_DS1 " THEN 'ChestX-Ray8' ELSE 'PadChest' END, "
    "CASE WHEN i % 1000 = 999 THEN 0 WHEN i % 5000 = 1 THEN 2 ELSE 1 END, "
    "CASE WHEN i % 20 = 0 THEN NULL ELSE " CXR_MODEL_VERSION " END, "
    "CASE WHEN i % 20 = 0 THEN NULL WHEN i % 50 = 7 THEN 0 ELSE 1 END, m, "
    "m + CASE WHEN i % 50 = 7 THEN 0.01 ELSE (i % 7) / 100.0 END, "
    "i % 40 = 0 OR i % 997 = 5 FROM (SELECT i, CASE WHEN i % 50 = 7 THEN "
    "CASE WHEN i % 100 = 7 THEN ((i * 53) % 1000) / 1000.0 END "
    "WHEN i % 20 = 0 OR i % 10 = 3 THEN NULL ELSE ((i * 37) % 1000) / 1000.0 END AS m FROM seq)",
    CXR_SEQ "INSERT INTO reader_state(image_id, reader_id, status_code, current_version_id, "
    "current_source, time_spent, true_dice, updated_at) "
    "SELECT i, 1, 0, i, 1, 0, NULL, " CXR_T " FROM seq WHERE i % 20 != 0",
    CXR_STRIDE(7, 50) "INSERT INTO reader_state(image_id, reader_id, status_code, "
    "current_version_id, current_source, time_spent, true_dice, updated_at) "
    "SELECT i, 2, 0, ?1 + i, 0, 0, NULL, " CXR_T " FROM seq",
    CXR_STRIDE(1, 300) "INSERT INTO reader_state(image_id, reader_id, status_code, "
    "current_version_id, current_source, time_spent, true_dice, updated_at) "
    "SELECT i, 3, (i / 300) % 5, CASE WHEN (i / 300) % 5 = 2 THEN 2 * ?1 + i END, "
    "CASE WHEN (i / 300) % 5 = 2 THEN 2 END, (i % 17) + 0.5 + CASE WHEN i % 600 = 1 THEN 2.0 "
    "ELSE 0 END + CASE WHEN (i / 300) % 5 = 2 THEN 30.25 ELSE 0 END, CASE WHEN (i / 300) % 5 = 2 "
    "AND i % 7 != 0 THEN ((i * 13) % 100) / 100.0 END, " CXR_T2 " FROM seq",
    CXR_STRIDE(2, 1000) "INSERT INTO reader_state(image_id, reader_id, status_code, "
    "current_version_id, current_source, time_spent, true_dice, updated_at) "
    "SELECT i, 4, CASE (i / 1000) % 2 WHEN 1 THEN 3 ELSE 1 END, NULL, NULL, 5.0, NULL, "
    CXR_T2 " FROM seq",
};

#undef CXR_SEQ
#undef CXR_STRIDE
#undef CXR_T
#undef CXR_T2
#undef CXR_IN_DS1
#undef CXR_CORRECTED
#undef CXR_MODEL_VERSION

void runAll(Connection& db, const char* const* begin, const char* const* end, std::int64_t images) {
  for (auto it = begin; it != end; ++it) {
    Statement st(db, *it);
    if (std::string(*it).find("?1") != std::string::npos) st.bind(1, images);
    st.run();
  }
}

// Triggers and secondary indexes, dropped for the bulk load and created again after it
// (building an index once is much faster than maintaining it row by row).
std::vector<std::string> setAsideTriggersAndIndexes(Connection& db) {
  std::vector<std::string> names, sql;
  Statement st(db, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') "
                   "AND sql IS NOT NULL ORDER BY type DESC");
  while (st.step()) {
    names.push_back((st.textAt(0) == "index" ? "DROP INDEX " : "DROP TRIGGER ") + st.textAt(1));
    sql.push_back(st.textAt(2));
  }
  for (const auto& drop : names) db.execScript(drop.c_str(), "setting a trigger or index aside");
  return sql;
}

}  // namespace

void WorklistFixture::generate(const std::string& path, std::int64_t images) {
  {
    ReviewStore store(path);
    // A fresh file: no journal during the load (a failure leaves a file to delete anyway).
    // Foreign keys are checked by the tests' integrity check afterwards, not row by row.
    store.connection().execScript(
        "PRAGMA journal_mode = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -262144",
        "preparing the bulk load");
    Connection& db = store.connection();
    Transaction tx(store);
    const auto restore = setAsideTriggersAndIndexes(db);
    runAll(db, std::begin(kNamed), std::end(kNamed), images);
    runAll(db, std::begin(kPrimary), std::end(kPrimary), images);
    runAll(db, std::begin(kSummaries), std::end(kSummaries), images);
    for (const auto& sql : restore) db.execScript(sql.c_str(), "restoring a trigger or index");
    tx.commit();
    db.execScript("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", "switching back to WAL");
  }
}

std::vector<std::string> WorklistFixture::datasetsOf(std::int64_t i) const {
  if (i % 1000 == 999) return {};
  const bool first = i * 10 <= m_images * 6;
  std::vector<std::string> out{first ? "ChestX-Ray8" : "PadChest"};
  if (i % 5000 == 1 && first) out.push_back("PadChest");
  return out;
}

WorklistRow WorklistFixture::expectedRow(std::int64_t i, const std::string& reader) const {
  const std::int64_t n = m_images;
  WorklistRow r;
  r.imageId = i;
  char id[32];
  const bool first = i * 10 <= n * 6;
  std::snprintf(id, sizeof id, first ? "%07lld.png" : "PC%07lld.png",
                static_cast<long long>((i * 7919) % n));
  char key[32];
  std::snprintf(key, sizeof key, "gen:%08lld", static_cast<long long>(i));
  r.displayId = i % 1000 == 999 ? key : id;
  r.dataset = i % 1000 == 999 ? "" : first ? "ChestX-Ray8" : "PadChest";
  const bool csv = i % 20 != 0, run = i % 50 == 7;
  if (run) {
    r.modelVersionId = n + i;
    if (i % 100 == 7) {
      r.rcaMean = ((i * 53) % 1000) / 1000.0;
      r.rcaMax = *r.rcaMean + 0.01;
    }
  } else if (csv) {
    r.modelVersionId = i;
    if (i % 10 != 3) {
      r.rcaMean = ((i * 37) % 1000) / 1000.0;
      r.rcaMax = *r.rcaMean + (i % 7) / 100.0;
    }
  }
  r.versionId = r.modelVersionId;
  r.hasError = i % 40 == 0 || i % 997 == 5;
  if (reader == "julia" && i % 300 == 1) {
    r.status = static_cast<ReviewStatus>((i / 300) % 5);
    r.timeSpentSeconds = (i % 17) + 0.5 + (i % 600 == 1 ? 2.0 : 0.0);
    if (r.status == ReviewStatus::Corrected) {
      r.timeSpentSeconds += 30.25;
      r.versionId = 2 * n + i;
      r.edited = true;
      if (i % 7 != 0) r.trueDice = ((i * 13) % 100) / 100.0;
    }
  } else if (reader == "mark" && i % 1000 == 2) {
    r.status = (i / 1000) % 2 ? ReviewStatus::Rejected : ReviewStatus::Accepted;
    r.timeSpentSeconds = 5.0;
  }
  if (r.versionId) {
    const RowId v = *r.versionId;
    r.source = v > 2 * n ? VersionSource::ReaderCorrection
               : v > n   ? VersionSource::ModelRun
                         : VersionSource::CsvImport;
    r.versionAuthor = v > 2 * n ? "julia" : v > n ? "hybridgnet" : "chexmask";
  }
  return r;
}

}  // namespace cxr::store::test
