#pragma once

#include "core/store/SqlBuilder.h"
#include "core/store/WorklistTypes.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

/// The SQL pieces of one worklist filter and sort (internal to WorklistRepository). Every
/// fragment is a fixed string of this class; filter values are bound.
///
/// Rows are read from one or two disjoint "arms", each delivering its rows in sort order from
/// an index, so that a page is a merge of index scans rather than a sort of every image:
/// * image id, dataset and RCA sorts: one arm over image_summary (or, for a status set without
///   Pending, over the reader's reader_state rows);
/// * reader columns (status, source, true Dice, time spent): arm 0 = images whose value is the
///   default (no reader_state row, or the column unset), in image_summary order; arm 1 = the
///   reader's reader_state rows with a value, from a reader_state index.
/// The status filter works on reader_state, which only holds images the reader acted on.
class WorklistQuery {
 public:
  /// How the status filter restricts the rows.
  enum class StatusMode { None, OnlyListed, ExcludeOthers };
  /// Which rows appendFromWhere() selects.
  enum class Rows {
    Matching,        ///< the rows that pass the whole filter
    IgnoringStatus,  ///< the rows that pass every condition but the status
    OtherStatuses    ///< the reader's rows whose status is outside the filter's set
  };
  /// Side of an anchor for keyset conditions.
  enum class Side { After, Before };

  /// `readerId` = id of filter.reader, or -1 when it is empty or unknown (everything Pending);
  /// `datasetId` = id of filter.dataset, or -1 when it is unknown (or not set).
  WorklistQuery(const WorklistFilter& filter, const WorklistSort& sort, std::int64_t readerId,
                std::int64_t datasetId);

  /// Appends " FROM ... WHERE ..." for `rows`, ignoring the sort (counts and membership).
  void appendFromWhere(SqlBuilder& q, Rows rows) const;

  /// Number of arms (1 or 2).
  int armCount() const;
  /// Appends "SELECT <image id>, <key> FROM ... WHERE ..." of one arm with every filter
  /// condition and `extra` (" AND ..." conditions). With `rowLimit`, the arm is wrapped as
  /// "SELECT * FROM (... ORDER BY <arm order> LIMIT ?)": in a compound, each arm then reads at
  /// most that many rows in index order (a constant key orders by image id alone).
  void appendArm(SqlBuilder& q, int arm, const std::function<void(SqlBuilder&)>& extra,
                 std::optional<std::int64_t> rowLimit) const;
  /// Appends " AND key = ? AND id >/< ?": the arm's rows tied with the anchor on its side.
  void appendTiedBeyond(SqlBuilder& q, int arm, const SqlBuilder::Value& key, std::int64_t imageId,
                        Side side) const;
  /// Appends " AND key >/< ?": the arm's rows with a key beyond the anchor's on its side.
  void appendKeyBeyond(SqlBuilder& q, int arm, const SqlBuilder::Value& key, Side side) const;
  /// Appends " ORDER BY 2 dir, 1 dir" (for a SELECT or compound of arms).
  void appendOrderBy(SqlBuilder& q) const;
  /// "ASC" or "DESC" with a leading space.
  const char* direction() const;

  /// Key expression of any image, with s = image_summary and rs = the reader's reader_state
  /// row LEFT JOINed (for anchors).
  const char* anchorKey() const;
  /// True when the key is text (display id, dataset name), else a number.
  bool keyIsText() const;
  StatusMode statusMode() const { return m_statusMode; }
  std::int64_t readerId() const { return m_readerId; }

 private:
  bool readerDriven(int arm) const;
  bool constantKey(int arm) const;
  const char* armKey(int arm) const;
  const char* armId(int arm) const;
  void appendStatusCondition(SqlBuilder& q, bool readerJoined) const;
  void appendConditions(SqlBuilder& q) const;
  void appendCodes(SqlBuilder& q, const char* prefix, const std::vector<std::int64_t>& codes,
                   const char* suffix) const;

  const WorklistFilter& m_filter;
  WorklistSort m_sort;
  std::int64_t m_readerId;
  std::int64_t m_datasetId;
  StatusMode m_statusMode = StatusMode::None;
  std::string m_positionKey;  ///< key of WorklistColumn::Position (the worklist id is a literal)
  std::vector<std::int64_t> m_listed, m_others;  ///< status codes in / outside the filter's set
};

}  // namespace cxr::store
