#include "core/store/AuditLog.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"

namespace cxr::store {

RowId AuditLog::record(const std::string& who, const std::string& action, const std::string& entity,
                       std::optional<RowId> entityId, const std::string& fromValue,
                       const std::string& toValue) {
  m_db.cached("INSERT INTO audit_log(uuid, who, action, entity, entity_id, from_value, to_value, "
              "created_at) VALUES(?,?,?,?,?,?,?,?)")
      .bind(1, StoreCodec::newUuid()).bind(2, who).bind(3, action).bind(4, entity)
      .bind(5, entityId).bindTextOrNull(6, fromValue).bindTextOrNull(7, toValue)
      .bind(8, StoreCodec::nowIso()).run();
  return m_db.lastInsertId();
}

std::vector<AuditEntry> AuditLog::latest(int limit) {
  Statement st(m_db, "SELECT id, who, action, entity, entity_id, from_value, to_value, created_at "
                     "FROM audit_log ORDER BY id DESC LIMIT ?");
  st.bind(1, limit);
  std::vector<AuditEntry> out;
  while (st.step()) {
    AuditEntry e;
    e.id = st.int64At(0);
    e.who = st.textAt(1);
    e.action = st.textAt(2);
    e.entity = st.textAt(3);
    e.entityId = st.optionalInt64At(4);
    e.fromValue = st.textAt(5);
    e.toValue = st.textAt(6);
    e.createdAt = st.textAt(7);
    out.push_back(e);
  }
  return out;
}

std::int64_t AuditLog::count() {
  return m_db.queryInt64("SELECT count(*) FROM audit_log");
}

}  // namespace cxr::store
