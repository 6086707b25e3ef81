#include "core/store/SchemaMigrator.h"

#include "core/store/Connection.h"
#include "core/store/SchemaScripts.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <filesystem>
#include <sys/stat.h>

namespace cxr::store {

int SchemaMigrator::version() {
  Statement st(m_db, "PRAGMA user_version");
  if (!st.step()) m_db.fail("reading the schema version");
  return static_cast<int>(st.int64At(0));
}

std::string SchemaMigrator::backupPath(const std::string& dbPath, int fromVersion) {
  return dbPath + ".v" + std::to_string(fromVersion) + ".bak";
}

std::string SchemaMigrator::migrate(int target) {
  const int from = version();
  if (from > kCurrentSchemaVersion)
    throw StoreError("review database '" + m_db.path() + "' has schema version " +
                     std::to_string(from) + ", newer than this program understands (" +
                     std::to_string(kCurrentSchemaVersion) +
                     "); open it with a newer CheXReview");
  if (target > kCurrentSchemaVersion || target < from)
    throw StoreError("review database '" + m_db.path() + "': cannot migrate from schema " +
                     std::to_string(from) + " to " + std::to_string(target));
  if (from == target) return {};
  if (m_db.readOnly())
    throw StoreError("review database '" + m_db.path() + "' has schema version " +
                     std::to_string(from) + " and must be upgraded to " +
                     std::to_string(target) + "; open it once for writing");
  std::string backup;
  if (from > 0) {
    // Corrections are primary data: keep a consistent copy of the old file before any step.
    backup = backupPath(m_db.path(), from);
    std::error_code ec;
    std::filesystem::remove(backup, ec);
    Statement st(m_db, "VACUUM INTO ?");
    st.bind(1, backup).run();
    ::chmod(backup.c_str(), 0600);
  }
  for (int v = from; v < target; ++v) applyStep(v);
  if (from < kSummarySchemaVersion && target == kCurrentSchemaVersion) {
    Transaction tx(m_db);
    m_db.execScript(summaryRebuildScript(), "filling the worklist summary tables");
    tx.commit();
  }
  return backup;
}

void SchemaMigrator::applyStep(int fromVersion) {
  const char* script = schemaStepScript(fromVersion);
  if (!script)
    throw StoreError("review database '" + m_db.path() + "': no migration from schema " +
                     std::to_string(fromVersion));
  Transaction tx(m_db);
  m_db.execScript(script, "upgrading the schema from version " + std::to_string(fromVersion));
  // user_version takes no parameters; the value is an integer we produce, never user text.
  const std::string setVersion = "PRAGMA user_version=" + std::to_string(fromVersion + 1);
  m_db.execScript(setVersion.c_str(), "recording the schema version");
  tx.commit();
}

}  // namespace cxr::store
