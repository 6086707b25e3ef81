#pragma once

#include <optional>
#include <string>

namespace cxr::store {

class Connection;

/// Key/value settings kept with the database (e.g. RCA defaults, worklist options).
class SettingsRepository {
 public:
  explicit SettingsRepository(Connection& connection) : m_db(connection) {}

  /// Sets a value (the change is audited).
  void set(const std::string& key, const std::string& value, const std::string& who = "system");
  std::optional<std::string> get(const std::string& key);

 private:
  Connection& m_db;
};

}  // namespace cxr::store
