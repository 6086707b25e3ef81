#include "core/store/WorklistQuery.h"

#include <charconv>
#include <string>
#include <set>

namespace cxr::store {

namespace {

constexpr int kStatusCount = 5;  // ReviewStatus values, stored as their enum order

// The only source of ORDER BY text. Reader columns have a second arm: `readerRows` selects the
// reader_state rows that carry a value (unaliased: the names exist only in reader_state).
struct ColumnInfo {
  WorklistColumn column;
  const char* anchorKey;   // any image: s and a LEFT JOINed rs
  bool text;
  const char* summaryKey;  // arm 0 (image_summary rows); an indexed column or a constant
  const char* readerRows;  // nullptr: one arm
  const char* readerKey;   // arm 1 (reader_state rows)
};

constexpr ColumnInfo kColumns[] = {
    {WorklistColumn::ImageId, "s.display_id", true, "s.display_id", nullptr, nullptr},
    {WorklistColumn::Dataset, "s.dataset_name", true, "s.dataset_name", nullptr, nullptr},
    {WorklistColumn::Status, "ifnull(rs.status_code, 0)", false, "0", "status_code > 0",
     "rs.status_code"},
    {WorklistColumn::Source, "ifnull(rs.current_source, s.model_source_key)", false,
     "s.model_source_key", "current_source IS NOT NULL", "rs.current_source"},
    {WorklistColumn::RcaMean, "s.rca_mean_key", false, "s.rca_mean_key", nullptr, nullptr},
    {WorklistColumn::RcaMax, "s.rca_max_key", false, "s.rca_max_key", nullptr, nullptr},
    {WorklistColumn::TrueDice, "ifnull(rs.true_dice, -1e308)", false, "-1e308",
     "true_dice IS NOT NULL", "rs.true_dice"},
    {WorklistColumn::TimeSpent, "ifnull(rs.time_spent, 0)", false, "0", "time_spent > 0",
     "rs.time_spent"},
    // Key built per query (WorklistQuery::m_positionKey): the worklist id is part of it.
    {WorklistColumn::Position, nullptr, false, nullptr, nullptr, nullptr},
};

const ColumnInfo& columnInfo(WorklistColumn column) {
  for (const auto& c : kColumns)
    if (c.column == column) return c;
  return kColumns[0];
}

std::string jsonIdArray(const std::vector<RowId>& ids) {
  std::string out = "[";
  char buf[24];
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    const auto r = std::to_chars(buf, buf + sizeof buf, ids[i]);
    out.append(buf, r.ptr);
  }
  return out + "]";
}

}  // namespace

WorklistQuery::WorklistQuery(const WorklistFilter& filter, const WorklistSort& sort,
                             std::int64_t readerId, std::int64_t datasetId)
    : m_filter(filter), m_sort(sort), m_readerId(readerId), m_datasetId(datasetId) {
  std::set<std::int64_t> listed;
  for (const auto status : filter.statuses) listed.insert(static_cast<std::int64_t>(status));
  for (std::int64_t code = 0; code < kStatusCount; ++code)
    (listed.count(code) ? m_listed : m_others).push_back(code);
  // The worklist id is a number of ours, written as a literal: the key text appears in several
  // places of one statement, where a bound value would shift the parameter order.
  m_positionKey = "ifnull((SELECT wi.position FROM worklist_images wi WHERE wi.worklist_id = " +
                  std::to_string(filter.worklistId.value_or(-1)) +
                  " AND wi.image_id = s.image_id), -1)";
  if (listed.empty() || m_others.empty()) m_statusMode = StatusMode::None;
  else if (listed.count(static_cast<std::int64_t>(ReviewStatus::Pending))) m_statusMode = StatusMode::ExcludeOthers;
  else m_statusMode = StatusMode::OnlyListed;
}

const char* WorklistQuery::anchorKey() const {
  if (m_sort.column == WorklistColumn::Position) return m_positionKey.c_str();
  return columnInfo(m_sort.column).anchorKey;
}
bool WorklistQuery::keyIsText() const { return columnInfo(m_sort.column).text; }
const char* WorklistQuery::direction() const { return m_sort.descending ? " DESC" : " ASC"; }
int WorklistQuery::armCount() const { return columnInfo(m_sort.column).readerRows ? 2 : 1; }

bool WorklistQuery::readerDriven(int arm) const {
  return arm == 1 || (armCount() == 1 && m_statusMode == StatusMode::OnlyListed);
}

const char* WorklistQuery::armKey(int arm) const {
  if (m_sort.column == WorklistColumn::Position) return m_positionKey.c_str();
  const ColumnInfo& c = columnInfo(m_sort.column);
  return arm == 1 ? c.readerKey : c.summaryKey;
}

const char* WorklistQuery::armId(int arm) const {
  // Arm 1 reads a reader_state index whose order is (reader, value, image id).
  return arm == 1 ? "rs.image_id" : "s.image_id";
}

void WorklistQuery::appendCodes(SqlBuilder& q, const char* prefix,
                                const std::vector<std::int64_t>& codes, const char* suffix) const {
  q.sql(prefix).list(codes).sql(suffix);
}

void WorklistQuery::appendStatusCondition(SqlBuilder& q, bool readerJoined) const {
  if (m_statusMode == StatusMode::None) return;
  if (readerJoined) {  // rs is the reader's row of this image
    appendCodes(q, " AND rs.status_code IN (", m_listed, ")");
    return;
  }
  const bool only = m_statusMode == StatusMode::OnlyListed;
  q.value(only ? " AND s.image_id IN (SELECT image_id FROM reader_state WHERE reader_id = ?"
               : " AND s.image_id NOT IN (SELECT image_id FROM reader_state WHERE reader_id = ?",
          m_readerId);
  appendCodes(q, " AND status_code IN (", only ? m_listed : m_others, "))");
}

void WorklistQuery::appendFromWhere(SqlBuilder& q, Rows rows) const {
  const bool drivenByReader = rows == Rows::OtherStatuses ||
                              (rows == Rows::Matching && m_statusMode == StatusMode::OnlyListed);
  if (drivenByReader) {
    // CROSS JOIN keeps the reader's (few) rows as the outer loop.
    q.sql(" FROM reader_state rs CROSS JOIN image_summary s WHERE s.image_id = rs.image_id")
        .value(" AND rs.reader_id = ?", m_readerId);
    appendCodes(q, " AND rs.status_code IN (", rows == Rows::OtherStatuses ? m_others : m_listed, ")");
  } else {
    q.sql(" FROM image_summary s WHERE 1");
    if (rows == Rows::Matching) appendStatusCondition(q, false);
  }
  appendConditions(q);
}

bool WorklistQuery::constantKey(int arm) const {
  return arm == 0 && columnInfo(m_sort.column).readerRows &&
         std::string(armKey(arm)).rfind("s.", 0) != 0;
}

void WorklistQuery::appendArm(SqlBuilder& q, int arm, const std::function<void(SqlBuilder&)>& extra,
                              std::optional<std::int64_t> rowLimit) const {
  if (rowLimit) q.sql("SELECT * FROM (");
  q.sql("SELECT ").sql(armId(arm)).sql(", ").sql(armKey(arm));
  const char* readerRows = columnInfo(m_sort.column).readerRows;
  if (readerDriven(arm)) {
    q.sql(" FROM reader_state rs CROSS JOIN image_summary s WHERE s.image_id = rs.image_id")
        .value(" AND rs.reader_id = ?", m_readerId);
    if (readerRows) q.sql(" AND ").sql(readerRows);
    appendStatusCondition(q, true);
  } else {
    q.sql(" FROM image_summary s WHERE 1");
    if (readerRows)  // the images arm 1 delivers
      q.value(" AND s.image_id NOT IN (SELECT image_id FROM reader_state WHERE reader_id = ?",
              m_readerId).sql(" AND ").sql(readerRows).sql(")");
    appendStatusCondition(q, false);
  }
  appendConditions(q);
  if (extra) extra(q);
  if (!rowLimit) return;
  q.sql(" ORDER BY ");
  if (!constantKey(arm)) q.sql(armKey(arm)).sql(direction()).sql(", ");
  q.sql(armId(arm)).sql(direction()).value(" LIMIT ?)", *rowLimit);
}

// Only columns that every sort index holds (see kRebuildSummaries), except the display id.
void WorklistQuery::appendConditions(SqlBuilder& q) const {
  const WorklistFilter& f = m_filter;
  if (f.dataset)  // the first dataset, or (rarely) another one the image is also in
    q.value(" AND (s.dataset_id = ?", m_datasetId)
        .value(" OR (s.mapping_count > 1 AND EXISTS (SELECT 1 FROM dataset_images di WHERE "
               "di.image_id = s.image_id AND di.dataset_id = ?)))", m_datasetId);
  if (f.rcaMin) q.value(" AND s.rca_mean >= ?", *f.rcaMin);  // NULL (no RCA) never passes
  if (f.rcaMax) q.value(" AND s.rca_mean <= ?", *f.rcaMax);
  if (f.hasError) q.value(" AND s.has_error = ?", std::int64_t{*f.hasError ? 1 : 0});
  if (f.segmented)  // model_source is set exactly when there is a model version
    q.sql(*f.segmented ? " AND s.model_source IS NOT NULL" : " AND s.model_source IS NULL");
  if (!f.idContains.empty())
    q.value(" AND instr(lower(s.display_id), lower(?)) > 0", f.idContains);
  if (!f.imageIds.empty())
    q.value(" AND s.image_id IN (SELECT value FROM json_each(?))", jsonIdArray(f.imageIds));
  if (f.worklistId)
    q.value(" AND s.image_id IN (SELECT image_id FROM worklist_images WHERE worklist_id = ?)",
            *f.worklistId);
}

void WorklistQuery::appendOrderBy(SqlBuilder& q) const {
  q.sql(" ORDER BY 2").sql(direction()).sql(", 1").sql(direction());
}

void WorklistQuery::appendTiedBeyond(SqlBuilder& q, int arm, const SqlBuilder::Value& key,
                                     std::int64_t imageId, Side side) const {
  const bool greater = (side == Side::After) != m_sort.descending;
  q.sql(" AND ").sql(armKey(arm)).value(" = ?", key).sql(" AND ").sql(armId(arm))
      .value(greater ? " > ?" : " < ?", imageId);
}

void WorklistQuery::appendKeyBeyond(SqlBuilder& q, int arm, const SqlBuilder::Value& key,
                                    Side side) const {
  const bool greater = (side == Side::After) != m_sort.descending;
  q.sql(" AND ").sql(armKey(arm)).value(greater ? " > ?" : " < ?", key);
}

}  // namespace cxr::store
