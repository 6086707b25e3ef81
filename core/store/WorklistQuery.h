#pragma once

#include "core/store/SqlBuilder.h"
#include "core/store/WorklistTypes.h"

#include <cstdint>
#include <vector>

namespace cxr::store {

/// The SQL pieces of one worklist filter and sort (internal to WorklistRepository): the FROM /
/// WHERE part for a set of rows, the sort key expression and direction. Every fragment is a
/// fixed string of this class; filter values are bound.
///
/// The status filter works on reader_state, which only holds images the reader acted on:
/// a set without Pending is driven from reader_state (few rows); a set with Pending excludes
/// the reader's rows whose status is outside it.
class WorklistQuery {
 public:
  /// How the status filter restricts the rows.
  enum class StatusMode { None, OnlyListed, ExcludeOthers };
  /// Which rows a FROM / WHERE part selects.
  enum class Rows {
    Matching,        ///< the rows that pass the whole filter
    IgnoringStatus,  ///< the rows that pass every condition but the status
    OtherStatuses    ///< the reader's rows whose status is outside the filter's set
  };

  /// `readerId` = id of filter.reader, or -1 when it is empty or unknown (everything Pending).
  WorklistQuery(const WorklistFilter& filter, const WorklistSort& sort, std::int64_t readerId);

  /// Appends " FROM ... WHERE ..." for `rows` (the WHERE is never empty, so callers append
  /// further " AND ..." conditions).
  void appendFromWhere(SqlBuilder& q, Rows rows) const;
  /// Sort key expression (never NULL; refers to s = image_summary and rs = reader_state).
  const char* key() const;
  /// "ASC" or "DESC".
  const char* direction() const;
  /// " ORDER BY key dir, s.image_id dir".
  void appendOrderBy(SqlBuilder& q) const;
  /// Appends " AND ..." keeping rows strictly after (`before` false) or strictly before (true)
  /// the position of (keyValue, imageId) in the sort.
  void appendKeyset(SqlBuilder& q, const SqlBuilder::Value& keyValue, std::int64_t imageId,
                    bool before) const;
  /// True when the key is text (display id, dataset name), else a number.
  bool keyIsText() const;
  StatusMode statusMode() const { return m_statusMode; }
  std::int64_t readerId() const { return m_readerId; }

 private:
  bool keyNeedsReader() const;
  void appendConditions(SqlBuilder& q) const;

  const WorklistFilter& m_filter;
  WorklistSort m_sort;
  std::int64_t m_readerId;
  StatusMode m_statusMode = StatusMode::None;
  std::vector<std::int64_t> m_listed, m_others;  ///< status codes in / outside the filter's set
};

}  // namespace cxr::store
