#include "core/store/SqlBuilder.h"

#include "core/store/Statement.h"
#include "core/store/StoreError.h"

#include <algorithm>

namespace cxr::store {

SqlBuilder& SqlBuilder::sql(const char* fragment) {
  m_text += fragment;
  return *this;
}

SqlBuilder& SqlBuilder::value(const char* fragment, Value v) {
  const std::string text(fragment);
  if (std::count(text.begin(), text.end(), '?') != 1)
    throw StoreError("internal error: a bound SQL fragment needs exactly one placeholder");
  m_text += text;
  m_values.push_back(std::move(v));
  return *this;
}

SqlBuilder& SqlBuilder::list(const std::vector<std::int64_t>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) value(i == 0 ? "?" : ", ?", values[i]);
  return *this;
}

void SqlBuilder::bindAll(Statement& statement) const {
  int index = 1;
  for (const auto& v : m_values) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) statement.bind(index, *i);
    else if (const auto* d = std::get_if<double>(&v)) statement.bind(index, *d);
    else statement.bind(index, std::get<std::string>(v));
    ++index;
  }
}

}  // namespace cxr::store
