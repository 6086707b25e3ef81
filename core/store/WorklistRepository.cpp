#include "core/store/WorklistRepository.h"

#include "core/store/Connection.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/WorklistQuery.h"

namespace cxr::store {

namespace {

using Rows = WorklistQuery::Rows;

std::int64_t readerIdOf(Connection& db, const std::string& reader) {
  if (reader.empty()) return -1;
  Statement& st = db.cached("SELECT id FROM readers WHERE name = ?");
  st.bind(1, reader);
  const std::int64_t id = st.step() ? st.int64At(0) : -1;
  st.reset();
  return id;
}

std::int64_t datasetIdOf(Connection& db, const std::optional<std::string>& dataset) {
  if (!dataset) return -1;
  Statement& st = db.cached("SELECT id FROM datasets WHERE name = ?");
  st.bind(1, *dataset);
  const std::int64_t id = st.step() ? st.int64At(0) : -1;
  st.reset();
  return id;
}

// The filter and sort as SQL pieces, with the reader and dataset names resolved to ids.
WorklistQuery queryOf(Connection& db, const WorklistFilter& filter, const WorklistSort& sort) {
  return WorklistQuery(filter, sort, readerIdOf(db, filter.reader), datasetIdOf(db, filter.dataset));
}

// Detail columns of a page: the page's ids and keys come from the materialised `page` CTE,
// so the joins below run for the page's rows only, never for skipped ones.
const char* const kPageColumns =
    " SELECT s.image_id, s.display_id, s.dataset_name, ifnull(rs.status_code, 0), v.id, v.source,"
    " a.name, ifnull(rs.current_version_id IS NOT NULL AND v.author_id = rs.reader_id AND"
    " v.source IN ('reader_correction', 'consensus'), 0), s.model_version_id, s.rca_mean,"
    " s.rca_max, rs.true_dice, ifnull(rs.time_spent, 0), s.has_error"
    " FROM page p JOIN image_summary s ON s.image_id = p.id";

WorklistRow readRow(const Statement& st) {
  WorklistRow r;
  r.imageId = st.int64At(0);
  r.displayId = st.textAt(1);
  r.dataset = st.textAt(2);
  r.status = static_cast<ReviewStatus>(st.int64At(3));
  r.versionId = st.optionalInt64At(4);
  if (!st.isNull(5)) r.source = versionSourceFromString(st.textAt(5));
  r.versionAuthor = st.textAt(6);
  r.edited = st.int64At(7) != 0;
  r.modelVersionId = st.optionalInt64At(8);
  r.rcaMean = st.optionalDoubleAt(9);
  r.rcaMax = st.optionalDoubleAt(10);
  r.trueDice = st.optionalDoubleAt(11);
  r.timeSpentSeconds = st.doubleAt(12);
  r.hasError = st.int64At(13) != 0;
  return r;
}

// Number of rows that pass the filter and `extra` (" AND ..." conditions). With Pending in a
// partial status set, it is (rows ignoring status) - (reader's rows with another status): two
// scans without a per-row probe of reader_state.
template <typename Extra>
std::int64_t countRows(Connection& db, const WorklistQuery& query, Extra extra) {
  SqlBuilder q;
  if (query.statusMode() == WorklistQuery::StatusMode::ExcludeOthers) {
    q.sql("SELECT (SELECT count(*)");
    query.appendFromWhere(q, Rows::IgnoringStatus);
    extra(q);
    q.sql(") - (SELECT count(*)");
    query.appendFromWhere(q, Rows::OtherStatuses);
    extra(q);
    q.sql(")");
  } else {
    q.sql("SELECT count(*)");
    query.appendFromWhere(q, Rows::Matching);
    extra(q);
  }
  Statement st(db, q.text().c_str());
  q.bindAll(st);
  if (!st.step()) db.fail("counting worklist rows");
  return st.int64At(0);
}

// The sort key of one image (whatever the filter), or nothing for an unknown image.
std::optional<SqlBuilder::Value> keyOf(Connection& db, const WorklistQuery& query, RowId imageId) {
  SqlBuilder q;
  q.sql("SELECT ").sql(query.anchorKey())
      .value(" FROM image_summary s LEFT JOIN reader_state rs ON rs.image_id = s.image_id AND "
             "rs.reader_id = ?", query.readerId())
      .value(" WHERE s.image_id = ?", imageId);
  Statement st(db, q.text().c_str());
  q.bindAll(st);
  if (!st.step()) return std::nullopt;
  if (query.keyIsText()) return SqlBuilder::Value{st.textAt(0)};
  return SqlBuilder::Value{st.doubleAt(0)};
}

// Every arm's rows on one side of an anchor, as a compound of index ranges: per arm, the rows
// tied with the anchor's key (by image id) and the rows whose key lies beyond it.
// With `rowLimit` (a page), each part reads at most that many rows.
void appendSideOf(SqlBuilder& q, const WorklistQuery& query, const SqlBuilder::Value& key,
                  RowId imageId, WorklistQuery::Side side, std::optional<std::int64_t> rowLimit) {
  for (int arm = 0; arm < query.armCount(); ++arm) {
    if (arm > 0) q.sql(" UNION ALL ");
    query.appendArm(q, arm, [&](SqlBuilder& b) { query.appendTiedBeyond(b, arm, key, imageId, side); },
                    rowLimit);
    q.sql(" UNION ALL ");
    query.appendArm(q, arm, [&](SqlBuilder& b) { query.appendKeyBeyond(b, arm, key, side); },
                    rowLimit);
  }
}

}  // namespace

std::int64_t WorklistRepository::count(const WorklistFilter& filter) {
  const WorklistQuery query = queryOf(m_db, filter, {});
  return countRows(m_db, query, [](SqlBuilder&) {});
}

std::vector<WorklistRow> WorklistRepository::page(const WorklistFilter& filter,
                                                  const WorklistSort& sort, std::int64_t offset,
                                                  int limit) {
  if (offset < 0 || limit < 0)
    throw StoreError("worklist page: offset and limit must not be negative");
  const WorklistQuery query = queryOf(m_db, filter, sort);
  SqlBuilder q;
  q.sql("WITH page(id, k) AS MATERIALIZED (");
  // A single arm reads its index in order; arms of a compound are each bounded by the page end.
  std::optional<std::int64_t> rowLimit;
  if (query.armCount() > 1) rowLimit = offset + limit;
  for (int arm = 0; arm < query.armCount(); ++arm) {
    if (arm > 0) q.sql(" UNION ALL ");
    query.appendArm(q, arm, {}, rowLimit);
  }
  return runPage(query, q, offset, limit);
}

std::vector<WorklistRow> WorklistRepository::pageAfter(const WorklistFilter& filter,
                                                       const WorklistSort& sort,
                                                       RowId afterImageId, int limit) {
  if (afterImageId == 0) return page(filter, sort, 0, limit);
  if (limit < 0) throw StoreError("worklist page: limit must not be negative");
  const WorklistQuery query = queryOf(m_db, filter, sort);
  const auto anchor = keyOf(m_db, query, afterImageId);
  if (!anchor)
    throw StoreError("review database '" + m_db.path() + "': worklist page after image " +
                     std::to_string(afterImageId) + ": no such image");
  SqlBuilder q;
  q.sql("WITH page(id, k) AS MATERIALIZED (");
  appendSideOf(q, query, *anchor, afterImageId, WorklistQuery::Side::After, std::int64_t{limit});
  return runPage(query, q, 0, limit);
}

// `q` holds "WITH page(id, k) AS MATERIALIZED (<arms>"; this closes the page and joins the
// details of its rows only.
std::vector<WorklistRow> WorklistRepository::runPage(const WorklistQuery& query, SqlBuilder& q,
                                                     std::int64_t offset, int limit) {
  query.appendOrderBy(q);
  q.value(" LIMIT ?", std::int64_t{limit}).value(" OFFSET ?)", offset).sql(kPageColumns)
      .value(" LEFT JOIN reader_state rs ON rs.image_id = p.id AND rs.reader_id = ?",
             query.readerId())
      .sql(" LEFT JOIN segmentation_versions v ON v.id = coalesce(rs.current_version_id, "
           "s.model_version_id) LEFT JOIN readers a ON a.id = v.author_id ORDER BY p.k")
      .sql(query.direction()).sql(", p.id").sql(query.direction());
  Statement st(m_db, q.text().c_str());
  q.bindAll(st);
  std::vector<WorklistRow> rows;
  rows.reserve(static_cast<std::size_t>(limit));
  while (st.step()) rows.push_back(readRow(st));
  return rows;
}

std::optional<std::int64_t> WorklistRepository::rowOf(const WorklistFilter& filter,
                                                      const WorklistSort& sort, RowId imageId) {
  const WorklistQuery query = queryOf(m_db, filter, sort);
  {
    SqlBuilder member;
    member.sql("SELECT 1");
    query.appendFromWhere(member, Rows::Matching);
    member.value(" AND s.image_id = ?", imageId);
    Statement st(m_db, member.text().c_str());
    member.bindAll(st);
    if (!st.step()) return std::nullopt;
  }
  const auto anchor = keyOf(m_db, query, imageId);
  if (!anchor) return std::nullopt;
  SqlBuilder q;
  q.sql("SELECT count(*) FROM (");
  appendSideOf(q, query, *anchor, imageId, WorklistQuery::Side::Before, std::nullopt);
  q.sql(")");
  Statement st(m_db, q.text().c_str());
  q.bindAll(st);
  if (!st.step()) m_db.fail("locating an image in the worklist");
  return st.int64At(0);
}

std::vector<std::string> WorklistRepository::datasetNames() {
  Statement st(m_db, "SELECT name FROM datasets ORDER BY name");
  std::vector<std::string> names;
  while (st.step()) names.push_back(st.textAt(0));
  return names;
}

}  // namespace cxr::store
