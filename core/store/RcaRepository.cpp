#include "core/store/RcaRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <cmath>

namespace cxr::store {

namespace {

#define CXR_RCA_COLUMNS \
  "SELECT id, version_id, parameters_json, per_reference_json, mean, max, created_at FROM rca_results "

RcaResultRecord readRca(const Statement& st) {
  RcaResultRecord r;
  r.id = st.int64At(0);
  r.info.versionId = st.int64At(1);
  r.info.parametersJson = st.textAt(2);
  r.info.perReferenceJson = st.textAt(3);
  r.info.mean = st.doubleAt(4);
  r.info.max = st.doubleAt(5);
  r.createdAt = st.textAt(6);
  return r;
}

}  // namespace

RowId RcaRepository::addResult(const RcaResultInfo& result) {
  if (!std::isfinite(result.mean) || !std::isfinite(result.max))
    throw StoreError("RCA result of version " + std::to_string(result.versionId) +
                     " has a non-finite score");
  Transaction tx(m_db);
  Statement ins(m_db, "INSERT OR IGNORE INTO rca_results(version_id, parameters_json, "
                      "per_reference_json, mean, max, created_at) VALUES(?,?,?,?,?,?)");
  ins.bind(1, result.versionId).bind(2, result.parametersJson).bind(3, result.perReferenceJson)
      .bind(4, result.mean).bind(5, result.max).bind(6, StoreCodec::nowIso()).run();
  Statement find(m_db, "SELECT id FROM rca_results WHERE version_id = ? AND parameters_json = ? "
                       "AND per_reference_json = ?");
  find.bind(1, result.versionId).bind(2, result.parametersJson).bind(3, result.perReferenceJson);
  if (!find.step()) m_db.fail("storing an RCA result");
  const RowId id = find.int64At(0);
  tx.commit();
  return id;
}

std::optional<RcaResultRecord> RcaRepository::latestForVersion(RowId versionId) {
  Statement st(m_db, CXR_RCA_COLUMNS "WHERE version_id = ? ORDER BY id DESC LIMIT 1");
  st.bind(1, versionId);
  if (!st.step()) return std::nullopt;
  return readRca(st);
}

std::vector<RcaResultRecord> RcaRepository::forVersion(RowId versionId) {
  Statement st(m_db, CXR_RCA_COLUMNS "WHERE version_id = ? ORDER BY id");
  st.bind(1, versionId);
  std::vector<RcaResultRecord> out;
  while (st.step()) out.push_back(readRca(st));
  return out;
}

std::vector<std::pair<RowId, RowId>> RcaRepository::modelVersionsWithoutResult(const std::string& parametersJson) {
  Statement st(m_db, "SELECT s.image_id, s.model_version_id FROM image_summary s "
                     "WHERE s.model_version_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rca_results r "
                     "WHERE r.version_id = s.model_version_id AND r.parameters_json = ?) ORDER BY s.image_id");
  st.bind(1, parametersJson);
  std::vector<std::pair<RowId, RowId>> out;
  while (st.step()) out.emplace_back(st.int64At(0), st.int64At(1));
  return out;
}

}  // namespace cxr::store
