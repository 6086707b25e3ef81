#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cxr::cli {

/// Adds one subcommand (with its options and callback) to the top-level app.
using CommandSetup = std::function<void(CLI::App& app)>;

/// Subcommands register themselves at static-initialisation time; main() installs them all.
class CommandRegistry {
 public:
  /// The process-wide list, in registration order sorted by `order` at install time.
  static CommandRegistry& instance();
  /// Records a subcommand; lower `order` appears first in --help.
  void add(int order, CommandSetup setup);
  /// Calls every registered setup on `app`.
  void installAll(CLI::App& app) const;

 private:
  struct Entry {
    int order;
    CommandSetup setup;
  };
  std::vector<Entry> m_entries;
};

/// Helper object whose constructor registers a command: `static CommandRegistrar r{10, setup};`.
struct CommandRegistrar {
  CommandRegistrar(int order, CommandSetup setup) {
    CommandRegistry::instance().add(order, std::move(setup));
  }
};

/// Exit statuses of chexreview-cli (docs/reliability.md, `chexreview-cli --help`).
enum ExitStatus : int {
  kExitOk = 0,           ///< everything done
  kExitFailure = 1,      ///< the command failed (bad input, every item failed, store error)
  kExitUsage = 2,        ///< bad command line (unknown option, missing argument, bad value)
  kExitPartial = 3,      ///< done, but some items (files, images) failed; each was reported
  kExitCancelled = 130,  ///< cancelled (Ctrl-C / SIGTERM); what was stored stays, re-run resumes
};

/// Error a command throws for bad input; main prints its one-line message and exits with 1.
struct CommandError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A command line that is wrong in a way CLI11 cannot check; main exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The command was cancelled by a signal; main prints the message and exits with 130.
struct CancelledError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Records that a command finished with `failed` of `total` items failing: main then exits
/// with 3 (some failed) or 1 (all of at least one failed); 0 failed changes nothing.
void reportItemFailures(long long failed, long long total);
/// The exit status the finished command asked for (0, 1 or 3).
int finishedExitStatus();

}  // namespace cxr::cli
