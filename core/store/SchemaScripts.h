#pragma once

namespace cxr::store {

/// DDL of the schema step vN -> vN+1 (nullptr when there is no such step). Internal.
const char* schemaStepScript(int fromVersion);

/// Schema version that last changed the worklist summary tables (image_summary,
/// reader_state): a migration from an older version rebuilds them after its last step.
inline constexpr int kSummarySchemaVersion = 3;

/// Script that recomputes image_summary and reader_state of a current-schema database from
/// the primary tables (the triggers keep them right afterwards). Internal.
const char* summaryRebuildScript();

}  // namespace cxr::store
