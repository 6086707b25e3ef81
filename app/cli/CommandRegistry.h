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

/// Error a command throws for bad input; main prints its one-line message and exits with 1.
struct CommandError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace cxr::cli
