#pragma once

// The engine's pipelines use the format layer's queue (one implementation).
#include "core/format/BoundedQueue.h"

namespace cxr::engine {
using format::BoundedQueue;
}  // namespace cxr::engine
