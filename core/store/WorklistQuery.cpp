#include "core/store/WorklistQuery.h"

#include <charconv>
#include <set>

namespace cxr::store {

namespace {

constexpr int kStatusCount = 5;  // ReviewStatus values, stored as their enum order

struct KeyInfo {
  WorklistColumn column;
  const char* expression;  // matches the expression indexes of schema v3 where one exists
  bool text;
  bool needsReader;
};

// The only source of ORDER BY text.
constexpr KeyInfo kKeys[] = {
    {WorklistColumn::ImageId, "s.display_id", true, false},
    {WorklistColumn::Dataset, "s.dataset_name", true, false},
    {WorklistColumn::Status, "ifnull(rs.status_code, 0)", false, true},
    {WorklistColumn::Source, "ifnull(rs.current_source, ifnull(s.model_source, -1))", false, true},
    {WorklistColumn::RcaMean, "ifnull(s.rca_mean, -1e308)", false, false},
    {WorklistColumn::RcaMax, "ifnull(s.rca_max, -1e308)", false, false},
    {WorklistColumn::TrueDice, "ifnull(rs.true_dice, -1e308)", false, true},
    {WorklistColumn::TimeSpent, "ifnull(rs.time_spent, 0)", false, true},
};

const KeyInfo& keyInfo(WorklistColumn column) {
  for (const auto& k : kKeys)
    if (k.column == column) return k;
  return kKeys[0];
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
                             std::int64_t readerId)
    : m_filter(filter), m_sort(sort), m_readerId(readerId) {
  std::set<std::int64_t> listed;
  for (const auto status : filter.statuses) listed.insert(static_cast<std::int64_t>(status));
  for (std::int64_t code = 0; code < kStatusCount; ++code)
    (listed.count(code) ? m_listed : m_others).push_back(code);
  if (listed.empty() || m_others.empty()) m_statusMode = StatusMode::None;
  else if (listed.count(static_cast<std::int64_t>(ReviewStatus::Pending))) m_statusMode = StatusMode::ExcludeOthers;
  else m_statusMode = StatusMode::OnlyListed;
}

const char* WorklistQuery::key() const { return keyInfo(m_sort.column).expression; }
bool WorklistQuery::keyIsText() const { return keyInfo(m_sort.column).text; }
bool WorklistQuery::keyNeedsReader() const { return keyInfo(m_sort.column).needsReader; }
const char* WorklistQuery::direction() const { return m_sort.descending ? " DESC" : " ASC"; }

void WorklistQuery::appendFromWhere(SqlBuilder& q, Rows rows) const {
  if (rows == Rows::Matching && m_statusMode == StatusMode::OnlyListed) {
    // Driven from the reader's rows (CROSS JOIN fixes that join order).
    q.sql(" FROM reader_state rs CROSS JOIN image_summary s WHERE s.image_id = rs.image_id")
        .value(" AND rs.reader_id = ?", m_readerId).sql(" AND rs.status_code IN (")
        .list(m_listed).sql(")");
  } else if (rows == Rows::OtherStatuses) {
    q.sql(" FROM reader_state rs CROSS JOIN image_summary s WHERE s.image_id = rs.image_id")
        .value(" AND rs.reader_id = ?", m_readerId).sql(" AND rs.status_code IN (")
        .list(m_others).sql(")");
  } else {
    q.sql(" FROM image_summary s");
    if (keyNeedsReader())
      q.value(" LEFT JOIN reader_state rs ON rs.image_id = s.image_id AND rs.reader_id = ?",
              m_readerId);
    q.sql(" WHERE 1");
    if (rows == Rows::Matching && m_statusMode == StatusMode::ExcludeOthers)
      q.value(" AND s.image_id NOT IN (SELECT image_id FROM reader_state WHERE reader_id = ?",
              m_readerId).sql(" AND status_code IN (").list(m_others).sql("))");
  }
  appendConditions(q);
}

void WorklistQuery::appendConditions(SqlBuilder& q) const {
  const WorklistFilter& f = m_filter;
  if (f.dataset)
    q.value(" AND (s.dataset_name = ?", *f.dataset)
        .value(" OR (s.mapping_count > 1 AND EXISTS (SELECT 1 FROM dataset_images di JOIN "
               "datasets d ON d.id = di.dataset_id WHERE di.image_id = s.image_id AND d.name = ?)))",
               *f.dataset);
  if (f.rcaMin || f.rcaMax) q.sql(" AND s.rca_mean IS NOT NULL");
  if (f.rcaMin) q.value(" AND ifnull(s.rca_mean, -1e308) >= ?", *f.rcaMin);
  if (f.rcaMax) q.value(" AND ifnull(s.rca_mean, -1e308) <= ?", *f.rcaMax);
  if (f.hasError) q.value(" AND s.has_error = ?", std::int64_t{*f.hasError ? 1 : 0});
  if (f.segmented)
    q.sql(*f.segmented ? " AND s.model_version_id IS NOT NULL" : " AND s.model_version_id IS NULL");
  if (!f.idContains.empty())
    q.value(" AND instr(lower(s.display_id), lower(?)) > 0", f.idContains);
  if (!f.imageIds.empty())
    q.value(" AND s.image_id IN (SELECT value FROM json_each(?))", jsonIdArray(f.imageIds));
}

void WorklistQuery::appendOrderBy(SqlBuilder& q) const {
  q.sql(" ORDER BY ").sql(key()).sql(direction()).sql(", s.image_id").sql(direction());
}

void WorklistQuery::appendKeyset(SqlBuilder& q, const SqlBuilder::Value& keyValue,
                                 std::int64_t imageId, bool before) const {
  // after = further in the sort direction; "key >= k" alone lets an index seek to the anchor.
  const bool greater = before == m_sort.descending;
  q.sql(" AND ").sql(key()).value(greater ? " >= ?" : " <= ?", keyValue)
      .sql(" AND (").sql(key()).value(greater ? " > ?" : " < ?", keyValue)
      .value(greater ? " OR s.image_id > ?)" : " OR s.image_id < ?)", imageId);
}

}  // namespace cxr::store
