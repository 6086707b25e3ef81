#pragma once

#include "core/engine/CancellationToken.h"

namespace cxr::engine {

/// While alive, SIGINT and SIGTERM cancel a token instead of killing the process, so Ctrl-C
/// or a Slurm time limit (SIGTERM, then SIGKILL after a grace period) stops a run cleanly:
/// finished images are stored and a later run resumes. A second signal kills as usual.
/// One instance at a time per process (the CLI's batch commands).
class SignalCancellation {
 public:
  explicit SignalCancellation(CancellationToken token);
  ~SignalCancellation();
  SignalCancellation(const SignalCancellation&) = delete;
  SignalCancellation& operator=(const SignalCancellation&) = delete;
};

}  // namespace cxr::engine
