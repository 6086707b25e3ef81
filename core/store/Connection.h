#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

struct sqlite3;

namespace cxr::store {

class Statement;

/// One SQLite connection (internal to the store): opening flags, pragmas, a cache of prepared
/// statements and the transaction nesting depth. Errors become StoreError naming the file.
class Connection {
 public:
  /// Opens `path` (which must exist unless `create`); sets busy timeout, WAL (writers),
  /// foreign keys and synchronous=NORMAL. Throws StoreError for a file that is not a database.
  Connection(const std::string& path, bool readOnly, int busyTimeoutMs);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Whether SQLite keeps statement journals (the undo record of each SAVEPOINT, which every
  /// nested Transaction opens) in memory up to kStatementJournalSpillBytes instead of spilling
  /// them to a temporary file above 64 KiB (SQLite's default). Set process-wide when this
  /// library is loaded; false only when something else had initialised SQLite first.
  static bool statementJournalsInMemory();
  static constexpr int kStatementJournalSpillBytes = 8 << 20;

  sqlite3* handle() { return m_db; }
  const std::string& path() const { return m_path; }
  bool readOnly() const { return m_readOnly; }

  /// Runs a fixed script without parameters (schema steps, pragmas); `what` names the action.
  void execScript(const char* sql, const std::string& what);
  /// A prepared statement kept for the life of the connection, reset and unbound. Keyed by the
  /// address of `sql`, which must be a string literal. Not re-entrant for the same text.
  Statement& cached(const char* sql);
  /// First column of the first row of a parameterless query (e.g. a count), 0 when no row.
  std::int64_t queryInt64(const char* sql);
  std::int64_t lastInsertId() const;
  int changes() const;

  /// Throws StoreError "review database '<path>': <what>: <sqlite's reason>".
  [[noreturn]] void fail(const std::string& what) const;

  /// Transaction nesting depth (maintained by Transaction).
  int& transactionDepth() { return m_depth; }

 private:
  sqlite3* m_db = nullptr;
  std::string m_path;
  bool m_readOnly = false;
  int m_depth = 0;
  std::unordered_map<const char*, std::unique_ptr<Statement>> m_cache;
};

}  // namespace cxr::store
