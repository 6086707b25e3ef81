#pragma once

#include "tests/common/CsvRows.h"  // readCsvRows: the CSVs the commands write

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

/// Names of the subcommands listed by `chexreview-cli --help`.
std::vector<std::string> cliSubcommands();

}  // namespace cxr::test
