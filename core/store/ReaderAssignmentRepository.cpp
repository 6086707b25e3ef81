#include "core/store/ReaderAssignmentRepository.h"

#include "core/store/AuditLog.h"
#include "core/store/Connection.h"
#include "core/store/NamedWorklistRepository.h"
#include "core/store/Statement.h"
#include "core/store/StoreCodec.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

#include <algorithm>
#include <map>
#include <set>

namespace cxr::store {

std::string toString(ReaderRole role) { return role == ReaderRole::Adjudicator ? "adjudicator" : "reader"; }

ReaderRole readerRoleFromString(const std::string& text) {
  if (text == "reader") return ReaderRole::Reader;
  if (text == "adjudicator") return ReaderRole::Adjudicator;
  throw StoreError("unknown reader role '" + text + "' (expected reader or adjudicator)");
}

bool VisibilityPolicy::allows(const std::string& reader, const std::string& author, VersionSource source) const {
  if (author == reader) return true;
  const bool model = source == VersionSource::ModelRun || source == VersionSource::CsvImport;
  if (model) return !hideModel;
  return !blind;
}

namespace {

// A decision other than pending finishes an image for a reader (reader_state.status_code:
// 1 accepted, 2 corrected, 3 rejected, 4 flagged_ood).
#define CXR_FINISHED "status_code IN (1, 2, 3, 4)"

ReaderRecord readerAt(Statement& st) {
  ReaderRecord r;
  r.id = st.int64At(0);
  r.name = st.textAt(1);
  r.kind = readerKindFromString(st.textAt(2));
  r.role = readerRoleFromString(st.textAt(3));
  return r;
}

}  // namespace

RowId ReaderAssignmentRepository::ensureReader(const std::string& name, ReaderRole role) {
  if (name.empty()) throw StoreError("a reader needs a name");
  Transaction transaction(m_db);
  RowId id = 0;
  if (const std::optional<ReaderRecord> existing = reader(name)) {
    id = existing->id;
    if (existing->role != role) setRole(name, role, name);
  } else {
    m_db.cached("INSERT INTO readers(name, kind, role, created_at) VALUES(?, 'human', ?, ?)")
        .bind(1, name).bind(2, toString(role)).bind(3, StoreCodec::nowIso()).run();
    id = m_db.lastInsertId();
  }
  transaction.commit();
  return id;
}

void ReaderAssignmentRepository::setRole(const std::string& name, ReaderRole role, const std::string& who) {
  Transaction transaction(m_db);
  const std::optional<ReaderRecord> existing = reader(name);
  if (!existing) throw StoreError("no reader named '" + name + "' in the database");
  if (existing->role != role) {
    m_db.cached("UPDATE readers SET role = ? WHERE id = ?").bind(1, toString(role)).bind(2, existing->id).run();
    AuditLog(m_db).record(who, "set_role", "reader", existing->id, toString(existing->role), toString(role));
  }
  transaction.commit();
}

std::optional<ReaderRecord> ReaderAssignmentRepository::reader(const std::string& name) {
  Statement& st = m_db.cached("SELECT id, name, kind, role FROM readers WHERE name = ?");
  st.bind(1, name);
  std::optional<ReaderRecord> out;
  if (st.step()) out = readerAt(st);
  st.reset();
  return out;
}

std::vector<ReaderRecord> ReaderAssignmentRepository::readers() {
  Statement st(m_db, "SELECT id, name, kind, role FROM readers ORDER BY name");
  std::vector<ReaderRecord> out;
  while (st.step()) out.push_back(readerAt(st));
  return out;
}

AssignedWorklist ReaderAssignmentRepository::readWorklist(const char* sql, const std::string& textKey, RowId idKey) {
  Statement& st = m_db.cached(sql);
  if (textKey.empty()) st.bind(1, idKey);
  else st.bind(1, textKey);
  AssignedWorklist w;
  if (st.step()) {
    w.id = st.int64At(0);
    w.name = st.textAt(1);
    w.kind = st.textAt(2);
    w.targetReads = static_cast<int>(st.int64At(3));
    w.blind = st.int64At(4) != 0;
    w.hideModel = st.int64At(5) != 0;
  }
  st.reset();
  return w;
}

std::optional<AssignedWorklist> ReaderAssignmentRepository::worklist(const std::string& name) {
  if (name.empty()) return std::nullopt;
  AssignedWorklist w = readWorklist(
      "SELECT id, name, kind, target_reads, blind, hide_model FROM worklists WHERE name = ?", name, 0);
  if (w.id == 0) return std::nullopt;
  return w;
}

std::optional<AssignedWorklist> ReaderAssignmentRepository::worklist(RowId id) {
  AssignedWorklist w = readWorklist(
      "SELECT id, name, kind, target_reads, blind, hide_model FROM worklists WHERE id = ?", "", id);
  if (w.id == 0) return std::nullopt;
  return w;
}

// Worklists themselves are NamedWorklistRepository's (one implementation of the tables);
// these keep the assignment code's conveniences: duplicates skipped rather than refused.
namespace {
std::vector<NamedWorklistImage> newImages(const std::vector<RowId>& images,
                                          const std::vector<std::string>& reasons,
                                          std::set<RowId> present) {
  std::vector<NamedWorklistImage> out;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (!present.insert(images[i]).second) continue;
    NamedWorklistImage image;
    image.imageId = images[i];
    if (i < reasons.size()) image.reason = reasons[i];
    out.push_back(std::move(image));
  }
  return out;
}
}  // namespace

RowId ReaderAssignmentRepository::createWorklist(const AssignedWorklist& spec, const std::vector<RowId>& images,
                                                 const std::vector<std::string>& reasons,
                                                 const std::string& parametersJson) {
  if (spec.name.empty()) throw StoreError("a worklist needs a name");
  if (spec.targetReads < 1)
    throw StoreError("worklist '" + spec.name + "': the target number of reads must be at least 1");
  Transaction transaction(m_db);
  NamedWorklistInfo info;
  info.name = spec.name;
  info.kind = namedWorklistKindFromString(spec.kind.empty() ? std::string("manual") : spec.kind);
  info.parametersJson = parametersJson;
  info.targetReads = spec.targetReads;
  info.blind = spec.blind;
  info.hideModel = spec.hideModel;
  const RowId id = NamedWorklistRepository(m_db).create(info, newImages(images, reasons, {}));
  AuditLog(m_db).record("", "create_worklist", "worklist", id, "", spec.name);
  transaction.commit();
  return id;
}

int ReaderAssignmentRepository::appendImages(RowId worklistId, const std::vector<RowId>& images,
                                             const std::vector<std::string>& reasons) {
  Transaction transaction(m_db);
  NamedWorklistRepository named(m_db);
  std::set<RowId> present;
  for (const NamedWorklistImage& image : named.images(worklistId)) present.insert(image.imageId);
  const std::vector<NamedWorklistImage> added = newImages(images, reasons, std::move(present));
  if (!added.empty()) named.addImages(worklistId, added);
  transaction.commit();
  return static_cast<int>(added.size());
}

std::vector<RowId> ReaderAssignmentRepository::images(RowId worklistId) {
  std::vector<RowId> out;
  for (const NamedWorklistImage& image : NamedWorklistRepository(m_db).images(worklistId))
    out.push_back(image.imageId);
  return out;
}

void ReaderAssignmentRepository::assign(RowId worklistId, const std::vector<std::string>& readers) {
  Transaction transaction(m_db);
  if (!worklist(worklistId)) throw StoreError("worklist " + std::to_string(worklistId) + " does not exist");
  for (const std::string& name : readers) {
    if (name.empty()) throw StoreError("a reader needs a name");
    RowId id = 0;
    if (const std::optional<ReaderRecord> r = reader(name)) id = r->id;
    else id = ensureReader(name, ReaderRole::Reader);
    m_db.cached("INSERT OR IGNORE INTO worklist_readers(worklist_id, reader_id, assigned_at) VALUES(?,?,?)")
        .bind(1, worklistId).bind(2, id).bind(3, StoreCodec::nowIso()).run();
    if (m_db.changes() > 0) AuditLog(m_db).record("", "assign", "worklist", worklistId, "", name);
  }
  transaction.commit();
}

void ReaderAssignmentRepository::unassign(RowId worklistId, const std::string& name) {
  Transaction transaction(m_db);
  const std::optional<ReaderRecord> r = reader(name);
  if (!r) throw StoreError("no reader named '" + name + "' in the database");
  m_db.cached("DELETE FROM worklist_readers WHERE worklist_id = ? AND reader_id = ?")
      .bind(1, worklistId).bind(2, r->id).run();
  if (m_db.changes() > 0) AuditLog(m_db).record("", "unassign", "worklist", worklistId, name, "");
  m_db.cached("UPDATE data_version SET value = value + 1 WHERE id = 1").run();
  transaction.commit();
}

std::vector<std::string> ReaderAssignmentRepository::assignedReaders(RowId worklistId) {
  Statement st(m_db, "SELECT r.name FROM worklist_readers w JOIN readers r ON r.id = w.reader_id "
                     "WHERE w.worklist_id = ? ORDER BY r.name");
  st.bind(1, worklistId);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.textAt(0));
  return out;
}

void ReaderAssignmentRepository::configure(RowId worklistId, int targetReads, bool blind, bool hideModel) {
  if (targetReads < 1) throw StoreError("the target number of reads must be at least 1");
  Transaction transaction(m_db);
  const std::optional<AssignedWorklist> before = worklist(worklistId);
  if (!before) throw StoreError("worklist " + std::to_string(worklistId) + " does not exist");
  m_db.cached("UPDATE worklists SET target_reads = ?, blind = ?, hide_model = ? WHERE id = ?")
      .bind(1, targetReads).bind(2, blind ? 1 : 0).bind(3, hideModel ? 1 : 0).bind(4, worklistId).run();
  const auto text = [](int t, bool b, bool h) {
    return "target_reads=" + std::to_string(t) + " blind=" + (b ? "1" : "0") + " hide_model=" + (h ? "1" : "0");
  };
  AuditLog(m_db).record("", "configure", "worklist", worklistId,
                        text(before->targetReads, before->blind, before->hideModel),
                        text(targetReads, blind, hideModel));
  m_db.cached("UPDATE data_version SET value = value + 1 WHERE id = 1").run();
  transaction.commit();
}

std::vector<ImageReads> ReaderAssignmentRepository::progress(RowId worklistId) {
  const std::optional<AssignedWorklist> list = worklist(worklistId);
  if (!list) throw StoreError("worklist " + std::to_string(worklistId) + " does not exist");
  const std::vector<std::string> assigned = assignedReaders(worklistId);
  std::map<RowId, std::set<std::string>> finished;
  Statement st(m_db, "SELECT wi.image_id, r.name FROM worklist_images wi "
                                 "JOIN worklist_readers wr ON wr.worklist_id = wi.worklist_id "
                                 "JOIN readers r ON r.id = wr.reader_id "
                                 "JOIN reader_state s ON s.image_id = wi.image_id AND s.reader_id = wr.reader_id "
                                 "WHERE wi.worklist_id = ? AND s." CXR_FINISHED);
  st.bind(1, worklistId);
  while (st.step()) finished[st.int64At(0)].insert(st.textAt(1));
  std::vector<ImageReads> out;
  for (RowId image : images(worklistId)) {
    ImageReads reads;
    reads.imageId = image;
    const std::set<std::string>& done = finished[image];
    reads.finishedBy.assign(done.begin(), done.end());
    reads.finishedReads = static_cast<int>(done.size());
    if (reads.finishedReads < list->targetReads)
      for (const std::string& name : assigned)
        if (!done.count(name)) reads.stillToRead.push_back(name);
    out.push_back(std::move(reads));
  }
  return out;
}

std::vector<RowId> ReaderAssignmentRepository::toRead(RowId worklistId, const std::string& reader) {
  std::vector<RowId> out;
  for (const ImageReads& reads : progress(worklistId))
    if (std::find(reads.stillToRead.begin(), reads.stillToRead.end(), reader) != reads.stillToRead.end())
      out.push_back(reads.imageId);
  return out;
}

VisibilityPolicy ReaderAssignmentRepository::visibility(RowId imageId, const std::string& name) {
  VisibilityPolicy policy;
  const std::optional<ReaderRecord> r = reader(name);
  if (r && (r->role == ReaderRole::Adjudicator || r->kind == ReaderKind::Model)) return policy;
  // Blind / hide-model worklists holding the image that apply to this reader: those it is
  // assigned to, and those with nobody assigned (then every reader reads blind).
  Statement& st = m_db.cached(
      "SELECT w.name, w.blind, w.hide_model FROM worklist_images wi JOIN worklists w ON w.id = wi.worklist_id "
      "WHERE wi.image_id = ?1 AND (w.blind = 1 OR w.hide_model = 1) AND ("
      "  EXISTS(SELECT 1 FROM worklist_readers wr WHERE wr.worklist_id = w.id AND wr.reader_id = ?2)"
      "  OR NOT EXISTS(SELECT 1 FROM worklist_readers wr WHERE wr.worklist_id = w.id)) ORDER BY w.name");
  st.bind(1, imageId).bind(2, r ? r->id : RowId(-1));
  bool blind = false, hideModel = false;
  while (st.step()) {
    policy.worklists.push_back(st.textAt(0));
    blind = blind || st.int64At(1) != 0;
    hideModel = hideModel || st.int64At(2) != 0;
  }
  st.reset();
  if (policy.worklists.empty()) return policy;
  if (r) {
    Statement& done =
        m_db.cached("SELECT 1 FROM reader_state WHERE image_id = ? AND reader_id = ? AND " CXR_FINISHED);
    done.bind(1, imageId).bind(2, r->id);
    policy.finished = done.step();
    done.reset();
  }
  if (!policy.finished) {
    policy.blind = blind;
    policy.hideModel = hideModel;
  }
  return policy;
}

}  // namespace cxr::store
