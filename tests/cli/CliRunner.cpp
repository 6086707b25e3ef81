#include "tests/cli/CliRunner.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>

namespace cxr::test {

namespace {
std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

CliResult runCli(const std::vector<std::string>& args) {
  std::string cmd = shellQuote(CXR_CLI_PATH);
  for (const auto& a : args) cmd += " " + shellQuote(a);
  cmd += " 2>&1";
  CliResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> cliSubcommands() {
  const CliResult help = runCli({"--help"});
  std::vector<std::string> names;
  std::istringstream in(help.output);
  std::string line;
  bool inSection = false;
  while (std::getline(in, line)) {
    if (line.rfind("Subcommands:", 0) == 0) {
      inSection = true;
      continue;
    }
    if (inSection && line.size() > 2 && line[0] == ' ') {
      std::istringstream words(line);
      std::string name;
      words >> name;
      names.push_back(name);
    } else if (inSection && !line.empty()) {
      inSection = false;
    }
  }
  return names;
}

}  // namespace cxr::test
