#include "core/store/NamedWorklistRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <set>

namespace cxr::store {

namespace {

#define CXR_NAMED_WORKLIST_COLUMNS                                                               \
  "SELECT w.id, w.name, w.kind, w.parameters_json, w.target_reads, w.blind, w.hide_model, "    \
  "w.created_at, (SELECT count(*) FROM worklist_images i WHERE i.worklist_id = w.id) "         \
  "FROM worklists w "

NamedWorklistRecord readWorklist(const Statement& st) {
  NamedWorklistRecord r;
  r.id = st.int64At(0);
  r.info.name = st.textAt(1);
  r.info.kind = namedWorklistKindFromString(st.textAt(2));
  r.info.parametersJson = st.textAt(3);
  r.info.targetReads = int(st.int64At(4));
  r.info.blind = st.int64At(5) != 0;
  r.info.hideModel = st.int64At(6) != 0;
  r.createdAt = st.textAt(7);
  r.imageCount = st.int64At(8);
  return r;
}

}  // namespace

const char* toString(NamedWorklistKind kind) {
  switch (kind) {
    case NamedWorklistKind::Manual: return "manual";
    case NamedWorklistKind::Sample: return "sample";
    case NamedWorklistKind::Adjudication: return "adjudication";
  }
  return "manual";
}

NamedWorklistKind namedWorklistKindFromString(const std::string& text) {
  if (text == "manual") return NamedWorklistKind::Manual;
  if (text == "sample") return NamedWorklistKind::Sample;
  if (text == "adjudication") return NamedWorklistKind::Adjudication;
  throw StoreError("unknown worklist kind '" + text + "' (manual, sample or adjudication)");
}

RowId NamedWorklistRepository::create(const NamedWorklistInfo& info,
                                      const std::vector<NamedWorklistImage>& images) {
  if (info.name.empty()) throw StoreError("a worklist needs a name");
  if (info.targetReads < 1)
    throw StoreError("worklist '" + info.name + "': target reads must be at least 1");
  Transaction tx(m_db);
  if (findByName(info.name))
    throw StoreError("a worklist named '" + info.name + "' already exists");
  Statement st(m_db, "INSERT INTO worklists(name, kind, parameters_json, target_reads, blind, "
                     "hide_model, created_at) VALUES(?,?,?,?,?,?,?)");
  st.bind(1, info.name).bind(2, toString(info.kind))
      .bind(3, info.parametersJson.empty() ? std::string("{}") : info.parametersJson)
      .bind(4, info.targetReads).bind(5, info.blind ? 1 : 0).bind(6, info.hideModel ? 1 : 0)
      .bind(7, StoreCodec::nowIso()).run();
  const RowId id = m_db.lastInsertId();
  insertImages(id, 0, images);
  tx.commit();
  return id;
}

void NamedWorklistRepository::addImages(RowId worklistId,
                                        const std::vector<NamedWorklistImage>& images) {
  Transaction tx(m_db);
  if (!find(worklistId)) throw StoreError("no worklist with id " + std::to_string(worklistId));
  Statement next(m_db, "SELECT ifnull(max(position) + 1, 0) FROM worklist_images WHERE worklist_id = ?");
  next.bind(1, worklistId);
  next.step();
  insertImages(worklistId, next.int64At(0), images);
  tx.commit();
}

void NamedWorklistRepository::insertImages(RowId worklistId, std::int64_t firstPosition,
                                           const std::vector<NamedWorklistImage>& images) {
  Statement exists(m_db, "SELECT 1 FROM images WHERE id = ?");
  Statement listed(m_db, "SELECT 1 FROM worklist_images WHERE worklist_id = ? AND image_id = ?");
  Statement insert(m_db, "INSERT INTO worklist_images(worklist_id, image_id, position, reason) "
                         "VALUES(?,?,?,?)");
  std::set<RowId> seen;
  std::int64_t position = firstPosition;
  for (const auto& image : images) {
    exists.reset().bind(1, image.imageId);
    if (!exists.step())
      throw StoreError("worklist: no image with id " + std::to_string(image.imageId));
    listed.reset().bind(1, worklistId).bind(2, image.imageId);
    if (!seen.insert(image.imageId).second || listed.step())
      throw StoreError("worklist: image " + std::to_string(image.imageId) + " is listed twice");
    insert.reset().bind(1, worklistId).bind(2, image.imageId).bind(3, position++)
        .bindTextOrNull(4, image.reason).run();
  }
}

std::vector<NamedWorklistRecord> NamedWorklistRepository::list() {
  Statement st(m_db, CXR_NAMED_WORKLIST_COLUMNS "ORDER BY w.name");
  std::vector<NamedWorklistRecord> out;
  while (st.step()) out.push_back(readWorklist(st));
  return out;
}

std::optional<NamedWorklistRecord> NamedWorklistRepository::find(RowId id) {
  Statement st(m_db, CXR_NAMED_WORKLIST_COLUMNS "WHERE w.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readWorklist(st);
}

std::optional<NamedWorklistRecord> NamedWorklistRepository::findByName(const std::string& name) {
  Statement st(m_db, CXR_NAMED_WORKLIST_COLUMNS "WHERE w.name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return readWorklist(st);
}

std::vector<NamedWorklistImage> NamedWorklistRepository::images(RowId worklistId) {
  Statement st(m_db, "SELECT image_id, position, ifnull(reason, '') FROM worklist_images "
                     "WHERE worklist_id = ? ORDER BY position");
  st.bind(1, worklistId);
  std::vector<NamedWorklistImage> out;
  while (st.step()) out.push_back({st.int64At(0), st.int64At(1), st.textAt(2)});
  return out;
}

}  // namespace cxr::store
