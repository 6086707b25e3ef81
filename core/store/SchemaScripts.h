#pragma once

namespace cxr::store {

/// DDL of the schema step vN -> vN+1 (nullptr when there is no such step). Internal.
const char* schemaStepScript(int fromVersion);

}  // namespace cxr::store
