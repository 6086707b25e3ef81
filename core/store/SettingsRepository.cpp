#include "core/store/SettingsRepository.h"

#include "core/store/AuditLog.h"
#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

namespace cxr::store {

void SettingsRepository::set(const std::string& key, const std::string& value, const std::string& who) {
  if (key.empty()) throw StoreError("a setting needs a key");
  Transaction tx(m_db);
  const auto previous = get(key);
  Statement st(m_db, "INSERT INTO settings(key, value, updated_at) VALUES(?,?,?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                     "updated_at = excluded.updated_at");
  st.bind(1, key).bind(2, value).bind(3, StoreCodec::nowIso()).run();
  if (previous != value)
    AuditLog(m_db).record(who, "set_setting", "setting:" + key, std::nullopt,
                          previous.value_or(""), value);
  tx.commit();
}

std::optional<std::string> SettingsRepository::get(const std::string& key) {
  Statement st(m_db, "SELECT value FROM settings WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.textAt(0);
}

}  // namespace cxr::store
