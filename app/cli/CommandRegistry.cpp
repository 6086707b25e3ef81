#include "app/cli/CommandRegistry.h"

#include <algorithm>

namespace cxr::cli {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

void CommandRegistry::add(int order, CommandSetup setup) {
  m_entries.push_back({order, std::move(setup)});
}

void CommandRegistry::installAll(CLI::App& app) const {
  auto entries = m_entries;
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.order < b.order; });
  for (const auto& e : entries) e.setup(app);
}

namespace {
int g_exitStatus = kExitOk;
}

void reportItemFailures(long long failed, long long total) {
  if (failed <= 0) return;
  const int status = failed >= total ? kExitFailure : kExitPartial;
  if (status == kExitFailure || g_exitStatus == kExitOk) g_exitStatus = status;
}

int finishedExitStatus() { return g_exitStatus; }

}  // namespace cxr::cli
