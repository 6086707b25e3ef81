#include "core/store/Connection.h"

#include "core/store/Statement.h"
#include "core/store/StoreError.h"

#include <sqlite3.h>

namespace cxr::store {

namespace {

// The first real read of a file is where SQLite notices it is no database at all.
[[noreturn]] void failOpen(sqlite3* db, const std::string& path, int rc) {
  std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    throw StoreError("review database '" + path +
                     "' is not a valid SQLite database or is corrupt (" + reason +
                     "); restore it from a backup or choose another file");
  throw StoreError("cannot open review database '" + path + "': " + reason);
}

// Every nested Transaction is a SAVEPOINT, and SQLite records the original of each page it
// changes in a statement journal. Above 64 KiB (SQLite's default) that journal spills to a
// temporary file, two pwrite calls per page: a CheXmask import wrote about 44 pages per row
// there, 2 million system calls per 20,000 rows and a third of the import's time
// (docs/performance.md). Kept in memory up to 8 MiB per open savepoint, spilled above.
// sqlite3_config must precede SQLite's initialisation, so it runs when the library loads.
const bool g_statementJournalsInMemory =
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, Connection::kStatementJournalSpillBytes) == SQLITE_OK;

}  // namespace

bool Connection::statementJournalsInMemory() { return g_statementJournalsInMemory; }

Connection::Connection(const std::string& path, bool readOnly, int busyTimeoutMs)
    : m_path(path), m_readOnly(readOnly) {
  const int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  int rc = sqlite3_open_v2(path.c_str(), &m_db, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg;
    try {
      failOpen(m_db, path, rc);
    } catch (...) {
      sqlite3_close_v2(m_db);
      m_db = nullptr;
      throw;
    }
  }
  sqlite3_extended_result_codes(m_db, 1);
  sqlite3_busy_timeout(m_db, busyTimeoutMs);
  // journal_mode reads the header: a garbage file fails here with SQLITE_NOTADB.
  // A 32 MiB page cache (grown on demand) keeps worklist scans of large files off the disk.
  const char* pragmas = readOnly ? "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; "
                                   "SELECT count(*) FROM sqlite_master;"
                                 : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                                   "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; "
                                   "SELECT count(*) FROM sqlite_master;";
  rc = sqlite3_exec(m_db, pragmas, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    try {
      failOpen(m_db, path, rc);
    } catch (...) {
      sqlite3_close_v2(m_db);
      m_db = nullptr;
      throw;
    }
  }
}

Connection::~Connection() {
  m_cache.clear();  // statements must be finalised before the connection closes
  if (m_db) sqlite3_close_v2(m_db);
}

void Connection::execScript(const char* sql, const std::string& what) {
  char* err = nullptr;
  if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string reason = err ? err : sqlite3_errmsg(m_db);
    sqlite3_free(err);
    throw StoreError("review database '" + m_path + "': " + what + " failed: " + reason);
  }
}

Statement& Connection::cached(const char* sql) {
  auto it = m_cache.find(sql);
  if (it == m_cache.end())
    it = m_cache.emplace(sql, std::make_unique<Statement>(*this, sql)).first;
  return it->second->reset();
}

std::int64_t Connection::queryInt64(const char* sql) {
  Statement st(*this, sql);
  return st.step() ? st.int64At(0) : 0;
}

std::int64_t Connection::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }

int Connection::changes() const { return sqlite3_changes(m_db); }

void Connection::fail(const std::string& what) const {
  const int rc = sqlite3_extended_errcode(m_db);
  std::string reason = sqlite3_errmsg(m_db);
  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    throw StoreError("review database '" + m_path + "' is corrupt (" + what + ": " + reason +
                     "); restore it from a backup");
  if ((rc & 0xff) == SQLITE_BUSY)
    throw StoreError("review database '" + m_path + "' is locked by another process (" + what +
                     ")");
  if ((rc & 0xff) == SQLITE_READONLY)
    throw StoreError("review database '" + m_path + "' is read-only here (" + what + ")");
  throw StoreError("review database '" + m_path + "': " + what + ": " + reason);
}

}  // namespace cxr::store
