#include "core/engine/SignalCancellation.h"

#include <atomic>
#include <csignal>

namespace cxr::engine {

namespace {

// The handler may only touch lock-free atomics; the token's flag is one, reached through a
// plain pointer set before the handler is installed.
CancellationToken* g_token = nullptr;
void (*g_previousInt)(int) = SIG_DFL;
void (*g_previousTerm)(int) = SIG_DFL;

extern "C" void onSignal(int signal) {
  if (g_token) g_token->cancel();
  std::signal(signal, SIG_DFL);  // a second Ctrl-C / SIGTERM ends the process at once
}

}  // namespace

SignalCancellation::SignalCancellation(CancellationToken token) {
  static_assert(std::atomic<bool>::is_always_lock_free, "cancel() must be async-signal-safe");
  g_token = new CancellationToken(std::move(token));
  g_previousInt = std::signal(SIGINT, onSignal);
  g_previousTerm = std::signal(SIGTERM, onSignal);
}

SignalCancellation::~SignalCancellation() {
  std::signal(SIGINT, g_previousInt == SIG_ERR ? SIG_DFL : g_previousInt);
  std::signal(SIGTERM, g_previousTerm == SIG_ERR ? SIG_DFL : g_previousTerm);
  delete g_token;
  g_token = nullptr;
}

}  // namespace cxr::engine
