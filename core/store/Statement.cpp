#include "core/store/Statement.h"

#include "core/store/Connection.h"
#include "core/store/StoreError.h"

#include <sqlite3.h>

namespace cxr::store {

Statement::Statement(Connection& connection, const char* sql) : m_connection(connection) {
  if (sqlite3_prepare_v3(connection.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt,
                         nullptr) != SQLITE_OK)
    connection.fail("preparing a query");
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) m_connection.fail("binding a value");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) m_connection.fail("binding a value");
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  if (sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    m_connection.fail("binding a value");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindTextOrNull(int index, const std::string& value) {
  return value.empty() ? bindNull(index) : bind(index, value);
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
  if (sqlite3_bind_blob64(m_stmt, index, data, size, SQLITE_TRANSIENT) != SQLITE_OK)
    m_connection.fail("binding a value");
  return *this;
}

Statement& Statement::bindValueOf(int index, const Statement& from, int column) {
  if (sqlite3_bind_value(m_stmt, index, sqlite3_column_value(from.m_stmt, column)) != SQLITE_OK)
    m_connection.fail("binding a value");
  return *this;
}

Statement& Statement::bindNull(int index) {
  if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) m_connection.fail("binding a value");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    std::string reason = sqlite3_errmsg(m_connection.handle());
    sqlite3_reset(m_stmt);
    throw StoreError("review database '" + m_connection.path() +
                     "': the change breaks a consistency rule (" + reason + ")");
  }
  sqlite3_reset(m_stmt);
  m_connection.fail("running a query");
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

bool Statement::isBlob(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_BLOB; }

std::pair<const std::uint8_t*, std::size_t> Statement::bytesAt(int column) const {
  // Blob first, then bytes: the order SQLite documents for a pointer that stays valid.
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

std::int64_t Statement::int64At(int column) const { return sqlite3_column_int64(m_stmt, column); }

double Statement::doubleAt(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::textAt(int column) const {
  const auto* text = sqlite3_column_text(m_stmt, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<std::int64_t> Statement::optionalInt64At(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64At(column);
}

std::optional<double> Statement::optionalDoubleAt(int column) const {
  if (isNull(column)) return std::nullopt;
  return doubleAt(column);
}

std::vector<std::uint8_t> Statement::blobAt(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
  const int size = sqlite3_column_bytes(m_stmt, column);
  if (!data || size <= 0) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

}  // namespace cxr::store
