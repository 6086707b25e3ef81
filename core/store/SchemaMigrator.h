#pragma once

#include <string>

namespace cxr::store {

class Connection;

/// Schema version this code writes (PRAGMA user_version).
inline constexpr int kCurrentSchemaVersion = 6;

/// Brings a database to kCurrentSchemaVersion by ordered steps vN -> vN+1, each in its own
/// BEGIN IMMEDIATE ... COMMIT; backs the file up before touching an existing schema and refuses
/// databases newer than the code. Never drops data.
class SchemaMigrator {
 public:
  explicit SchemaMigrator(Connection& connection) : m_db(connection) {}

  /// PRAGMA user_version of the database (0 = empty file).
  int version();
  /// Migrates to `target` (default: current); returns the backup path ("" for a fresh file or
  /// when nothing was to do). Throws StoreError for a newer schema or a failed step.
  std::string migrate(int target = kCurrentSchemaVersion);
  /// Path the backup of a database at `fromVersion` goes to: "<db>.v<N>.bak".
  static std::string backupPath(const std::string& dbPath, int fromVersion);

 private:
  void applyStep(int fromVersion);
  Connection& m_db;
};

}  // namespace cxr::store
