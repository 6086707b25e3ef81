#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct sqlite3_stmt;

namespace cxr::store {

class Connection;

/// RAII prepared statement with bound parameters only (never string-built SQL).
/// Parameters are 1-based (as in SQLite), result columns 0-based.
class Statement {
 public:
  Statement(Connection& connection, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Resets the statement and clears its bindings.
  Statement& reset();
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
  /// Binds NULL when empty.
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<double>& value);
  /// Binds NULL (so "" can be stored as NULL where a column means "unknown").
  Statement& bindTextOrNull(int index, const std::string& value);
  Statement& bindBlob(int index, const void* data, std::size_t size);
  Statement& bindNull(int index);
  /// Binds column `column` of the current row of `from` as it is stored (same type and bytes).
  Statement& bindValueOf(int index, const Statement& from, int column);

  /// Advances; true when a row is available. Throws StoreError on failure.
  bool step();
  /// Steps a statement that returns no rows.
  void run();

  bool isNull(int column) const;
  /// True when the value is stored as a BLOB (not TEXT, a number or NULL).
  bool isBlob(int column) const;
  std::int64_t int64At(int column) const;
  double doubleAt(int column) const;
  std::string textAt(int column) const;
  std::optional<std::int64_t> optionalInt64At(int column) const;
  std::optional<double> optionalDoubleAt(int column) const;
  std::vector<std::uint8_t> blobAt(int column) const;
  /// The raw bytes of a BLOB or TEXT value, valid until the next step/reset (no copy).
  std::pair<const std::uint8_t*, std::size_t> bytesAt(int column) const;

 private:
  Connection& m_connection;
  sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace cxr::store
