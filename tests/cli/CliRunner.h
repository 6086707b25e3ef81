#pragma once

#include <string>
#include <vector>

namespace cxr::test {

/// Exit status and combined stdout+stderr of one chexreview-cli run.
struct CliResult {
  int exitCode = -1;
  std::string output;
};

/// Runs chexreview-cli with the given arguments (each shell-quoted).
CliResult runCli(const std::vector<std::string>& args);

/// Every row of a CSV file the command wrote (header first), read with the format core's
/// CsvReader.
std::vector<std::vector<std::string>> readCsvRows(const std::string& path);

/// Names of the subcommands listed by `chexreview-cli --help`.
std::vector<std::string> cliSubcommands();

}  // namespace cxr::test
