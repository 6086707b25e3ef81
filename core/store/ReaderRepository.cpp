#include "core/store/ReaderRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"

namespace cxr::store {

RowId ReaderRepository::ensureReader(const std::string& name, ReaderKind kind) {
  if (name.empty()) throw StoreError("a reader needs a name");
  if (auto id = find(name)) return *id;
  m_db.cached("INSERT INTO readers(name, kind, created_at) VALUES(?,?,?)")
      .bind(1, name).bind(2, toString(kind)).bind(3, StoreCodec::nowIso()).run();
  return m_db.lastInsertId();
}

std::optional<RowId> ReaderRepository::find(const std::string& name) {
  Statement& st = m_db.cached("SELECT id FROM readers WHERE name = ?");
  st.bind(1, name);
  std::optional<RowId> id;
  if (st.step()) id = st.int64At(0);
  st.reset();
  return id;
}

std::vector<std::string> ReaderRepository::names() {
  Statement st(m_db, "SELECT name FROM readers ORDER BY name");
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.textAt(0));
  return out;
}

}  // namespace cxr::store
