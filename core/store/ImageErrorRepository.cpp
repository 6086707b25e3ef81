#include "core/store/ImageErrorRepository.h"

#include "core/store/Connection.h"
#include "core/store/Sha256.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

namespace cxr::store {

namespace {

std::string keyPart(Connection& db, const char* sql, const std::optional<RowId>& id) {
  if (!id) return {};
  Statement st(db, sql);
  st.bind(1, *id);
  if (!st.step()) throw StoreError("review database '" + db.path() + "': unknown id " + std::to_string(*id));
  return st.textAt(0);
}

}  // namespace

RowId ImageErrorRepository::record(const ImageErrorInfo& e) {
  if (e.stage.empty() || e.message.empty())
    throw StoreError("an image error needs a stage and a message");
  Transaction tx(m_db);
  // Natural key (image key or file, stage, model, message): identical across shard databases.
  const std::string key = Sha256::ofString(
      keyPart(m_db, "SELECT image_key FROM images WHERE id = ?", e.imageId) + "\x1f" +
      (e.imageId ? std::string() : e.filePath) + "\x1f" + e.stage + "\x1f" +
      keyPart(m_db, "SELECT name || '|' || file_sha256 FROM models WHERE id = ?", e.modelId) +
      "\x1f" + e.message);
  Statement ins(m_db, "INSERT OR IGNORE INTO image_errors(error_key, image_id, dataset_id, "
                      "model_id, file_path, stage, message, created_at) VALUES(?,?,?,?,?,?,?,?)");
  ins.bind(1, key).bind(2, e.imageId).bind(3, e.datasetId).bind(4, e.modelId)
      .bindTextOrNull(5, e.filePath).bind(6, e.stage).bind(7, e.message)
      .bind(8, StoreCodec::nowIso()).run();
  Statement find(m_db, "SELECT id FROM image_errors WHERE error_key = ?");
  find.bind(1, key);
  if (!find.step()) m_db.fail("recording an image error");
  const RowId id = find.int64At(0);
  tx.commit();
  return id;
}

std::vector<ImageErrorRecord> ImageErrorRepository::list(std::optional<RowId> datasetId) {
  Statement st(m_db, "SELECT id, image_id, dataset_id, model_id, file_path, stage, message, "
                     "created_at FROM image_errors WHERE ?1 IS NULL OR dataset_id = ?1 ORDER BY id");
  st.bind(1, datasetId);
  std::vector<ImageErrorRecord> out;
  while (st.step()) {
    ImageErrorRecord r;
    r.id = st.int64At(0);
    r.info.imageId = st.optionalInt64At(1);
    r.info.datasetId = st.optionalInt64At(2);
    r.info.modelId = st.optionalInt64At(3);
    r.info.filePath = st.textAt(4);
    r.info.stage = st.textAt(5);
    r.info.message = st.textAt(6);
    r.createdAt = st.textAt(7);
    out.push_back(r);
  }
  return out;
}

std::int64_t ImageErrorRepository::count() {
  return m_db.queryInt64("SELECT count(*) FROM image_errors");
}

}  // namespace cxr::store
