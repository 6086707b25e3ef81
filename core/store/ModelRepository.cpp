#include "core/store/ModelRepository.h"

#include "core/store/Connection.h"
#include "core/store/ReaderRepository.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

namespace cxr::store {

namespace {

#define CXR_MODEL_COLUMNS                                                                  \
  "SELECT id, name, file_sha256, config_json, input_size, parent_model_id, file_path, " \
  "training_json, metrics_json FROM models "

ModelRecord readModel(const Statement& st) {
  ModelRecord r;
  r.id = st.int64At(0);
  r.info.name = st.textAt(1);
  r.info.fileSha256 = st.textAt(2);
  r.info.configJson = st.textAt(3);
  r.info.inputSize = static_cast<int>(st.int64At(4));
  if (!st.isNull(5)) r.lineage.parentId = st.int64At(5);
  if (!st.isNull(6)) r.lineage.filePath = st.textAt(6);
  r.lineage.trainingJson = st.textAt(7);
  r.lineage.metricsJson = st.textAt(8);
  return r;
}

}  // namespace

RowId ModelRepository::registerModel(const ModelInfo& info) {
  if (info.name.empty()) throw StoreError("a model needs a name");
  Transaction tx(m_db);
  m_db.cached("INSERT OR IGNORE INTO models(name, file_sha256, config_json, input_size, created_at) "
              "VALUES(?,?,?,?,?)")
      .bind(1, info.name).bind(2, info.fileSha256).bind(3, info.configJson)
      .bind(4, info.inputSize).bind(5, StoreCodec::nowIso()).run();
  Statement& find = m_db.cached("SELECT id FROM models WHERE name = ? AND file_sha256 = ?");
  find.bind(1, info.name).bind(2, info.fileSha256);
  if (!find.step()) m_db.fail("registering model " + info.name);
  const RowId id = find.int64At(0);
  find.reset();
  ReaderRepository(m_db).ensureReader(info.name, ReaderKind::Model);
  tx.commit();
  return id;
}

RowId ModelRepository::registerTrainedModel(const ModelInfo& info, const ModelLineage& lineage) {
  Transaction tx(m_db);
  if (lineage.parentId && !find(*lineage.parentId))
    throw StoreError("model " + info.name + ": parent model " + std::to_string(*lineage.parentId) +
                     " is not in the database");
  const RowId id = registerModel(info);
  Statement& st = m_db.cached(
      "UPDATE models SET parent_model_id = ?, file_path = ?, training_json = ?, metrics_json = ? WHERE id = ?");
  if (lineage.parentId) st.bind(1, *lineage.parentId); else st.bindNull(1);
  if (lineage.filePath.empty()) st.bindNull(2); else st.bind(2, lineage.filePath);
  st.bind(3, lineage.trainingJson).bind(4, lineage.metricsJson).bind(5, id).run();
  tx.commit();
  return id;
}

void ModelRepository::setFilePath(RowId id, const std::string& filePath) {
  Transaction tx(m_db);
  m_db.cached("UPDATE models SET file_path = ? WHERE id = ?").bind(1, filePath).bind(2, id).run();
  tx.commit();
}

std::optional<ModelRecord> ModelRepository::find(RowId id) {
  Statement st(m_db, CXR_MODEL_COLUMNS "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readModel(st);
}

std::optional<ModelRecord> ModelRepository::findByName(const std::string& name) {
  Statement st(m_db, CXR_MODEL_COLUMNS "WHERE name = ? ORDER BY id DESC LIMIT 1");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return readModel(st);
}

std::vector<ModelRecord> ModelRepository::list() {
  Statement st(m_db, CXR_MODEL_COLUMNS "ORDER BY id");
  std::vector<ModelRecord> out;
  while (st.step()) out.push_back(readModel(st));
  return out;
}

}  // namespace cxr::store
