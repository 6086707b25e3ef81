#pragma once

#include "core/store/WorklistTypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cxr::store {

class Connection;
class SqlBuilder;
class WorklistQuery;

/// The reviewer's worklist: filtered, sorted, paged rows over every image of the database,
/// read from the trigger-maintained summary tables (image_summary, reader_state), so a page of
/// a 1,000,000-image database is one indexed query. SQL is assembled only from fixed fragments
/// (the ORDER BY column comes from a fixed table); every value is a bound parameter.
class WorklistRepository {
 public:
  explicit WorklistRepository(Connection& connection) : m_db(connection) {}

  /// Number of images that pass the filter.
  std::int64_t count(const WorklistFilter& filter);
  /// One page, ONE joined query; ties broken by image id so paging is stable.
  std::vector<WorklistRow> page(const WorklistFilter& filter, const WorklistSort& sort,
                                std::int64_t offset, int limit);
  /// Keyset paging: the `limit` rows after `afterImageId`'s position in this sort (deep scrolling
  /// without OFFSET cost). afterImageId = 0 starts at the top. Throws StoreError for an unknown
  /// image. The anchor need not pass the filter.
  std::vector<WorklistRow> pageAfter(const WorklistFilter& filter, const WorklistSort& sort,
                                     RowId afterImageId, int limit);
  /// Position (0-based) of an image in the filtered, sorted list; nullopt when filtered out.
  std::optional<std::int64_t> rowOf(const WorklistFilter& filter, const WorklistSort& sort, RowId imageId);
  /// Names of all datasets (for the filter box), sorted.
  std::vector<std::string> datasetNames();

 private:
  std::vector<WorklistRow> runPage(const WorklistQuery& query, SqlBuilder& q, std::int64_t offset,
                                   int limit);
  Connection& m_db;
};

}  // namespace cxr::store
