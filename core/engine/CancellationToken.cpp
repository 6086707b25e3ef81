#include "core/engine/CancellationToken.h"

namespace cxr::engine {

CancellationToken::CancellationToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}

void CancellationToken::cancel() const { m_flag->store(true, std::memory_order_relaxed); }

bool CancellationToken::isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

}  // namespace cxr::engine
