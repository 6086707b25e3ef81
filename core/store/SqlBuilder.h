#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace cxr::store {

class Statement;

/// Query text assembled from fixed fragments (string literals of the code, never user text)
/// plus the values bound to its '?' placeholders, in order. Internal to the store.
class SqlBuilder {
 public:
  using Value = std::variant<std::int64_t, double, std::string>;

  /// Appends a fragment without placeholders.
  SqlBuilder& sql(const char* fragment);
  /// Appends a fragment holding exactly one '?' and the value bound to it.
  SqlBuilder& value(const char* fragment, Value v);
  /// Appends "?" (separated by commas) once per value, for an IN list.
  SqlBuilder& list(const std::vector<std::int64_t>& values);

  const std::string& text() const { return m_text; }
  /// Binds every value (1-based, in order) to a statement prepared from text().
  void bindAll(Statement& statement) const;

 private:
  std::string m_text;
  std::vector<Value> m_values;
};

}  // namespace cxr::store
