#include "core/store/DatasetRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

namespace cxr::store {

namespace {

#define CXR_DATASET_COLUMNS \
  "SELECT id, name, kind, source_path, id_column, columns_json, image_root FROM datasets "

DatasetRecord readDataset(const Statement& st) {
  DatasetRecord r;
  r.id = st.int64At(0);
  r.info.name = st.textAt(1);
  r.info.kind = st.textAt(2);
  r.info.sourcePath = st.textAt(3);
  r.info.idColumn = st.textAt(4);
  r.info.columns = StoreCodec::fromJsonArray(st.textAt(5));
  r.info.imageRoot = st.textAt(6);
  return r;
}

}  // namespace

RowId DatasetRepository::ensureDataset(const DatasetInfo& info) {
  if (info.name.empty()) throw StoreError("a dataset needs a name");
  if (info.kind != "csv" && info.kind != "folder")
    throw StoreError("dataset '" + info.name + "': kind must be 'csv' or 'folder', not '" +
                     info.kind + "'");
  Transaction tx(m_db);
  m_db.cached("INSERT OR IGNORE INTO datasets(name, kind, source_path, id_column, columns_json, "
              "image_root, created_at) VALUES(?,?,?,?,?,?,?)")
      .bind(1, info.name).bind(2, info.kind).bind(3, info.sourcePath).bind(4, info.idColumn)
      .bind(5, StoreCodec::toJsonArray(info.columns)).bind(6, info.imageRoot)
      .bind(7, StoreCodec::nowIso()).run();
  if (!info.columns.empty()) {
    // A dataset first created from a physician file learns its model header later.
    m_db.cached("UPDATE datasets SET columns_json = ?, id_column = ? "
                "WHERE name = ? AND columns_json = '[]'")
        .bind(1, StoreCodec::toJsonArray(info.columns)).bind(2, info.idColumn).bind(3, info.name)
        .run();
  }
  Statement& find = m_db.cached("SELECT id FROM datasets WHERE name = ?");
  find.bind(1, info.name);
  if (!find.step()) m_db.fail("creating dataset " + info.name);
  const RowId id = find.int64At(0);
  find.reset();
  tx.commit();
  return id;
}

std::optional<DatasetRecord> DatasetRepository::find(RowId id) {
  Statement st(m_db, CXR_DATASET_COLUMNS "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readDataset(st);
}

std::optional<DatasetRecord> DatasetRepository::findByName(const std::string& name) {
  Statement st(m_db, CXR_DATASET_COLUMNS "WHERE name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return readDataset(st);
}

std::vector<DatasetRecord> DatasetRepository::list() {
  Statement st(m_db, CXR_DATASET_COLUMNS "ORDER BY id");
  std::vector<DatasetRecord> out;
  while (st.step()) out.push_back(readDataset(st));
  return out;
}

void DatasetRepository::addImage(RowId datasetId, RowId imageId, const std::string& externalId,
                                 std::int64_t rowIndex) {
  Statement& st = m_db.cached("INSERT OR IGNORE INTO dataset_images(dataset_id, image_id, "
                              "external_id, row_index) VALUES(?,?,?,?)");
  st.bind(1, datasetId).bind(2, imageId).bind(3, externalId);
  if (rowIndex >= 0) st.bind(4, rowIndex); else st.bindNull(4);
  st.run();
  const auto existing = imageByExternalId(datasetId, externalId);
  if (existing && *existing != imageId)
    throw StoreError("dataset " + std::to_string(datasetId) + " already maps '" + externalId +
                     "' to another image");
}

std::optional<RowId> DatasetRepository::imageByExternalId(RowId datasetId,
                                                          const std::string& externalId) {
  Statement& st = m_db.cached(
      "SELECT image_id FROM dataset_images WHERE dataset_id = ? AND external_id = ?");
  st.bind(1, datasetId).bind(2, externalId);
  std::optional<RowId> id;
  if (st.step()) id = st.int64At(0);
  st.reset();
  return id;
}

std::string DatasetRepository::externalId(RowId datasetId, RowId imageId) {
  Statement st(m_db, "SELECT external_id FROM dataset_images WHERE dataset_id = ? AND image_id = ?");
  st.bind(1, datasetId).bind(2, imageId);
  return st.step() ? st.textAt(0) : std::string();
}

std::int64_t DatasetRepository::imageCount(RowId datasetId) {
  Statement st(m_db, "SELECT count(*) FROM dataset_images WHERE dataset_id = ?");
  st.bind(1, datasetId);
  return st.step() ? st.int64At(0) : 0;
}

}  // namespace cxr::store
