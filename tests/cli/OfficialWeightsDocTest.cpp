// docs/official-weights.md quotes the exact messages a user sees for a wrong weights file. This
// test builds those wrong files (a PNG renamed .pt, a cut-short download, a state_dict without a
// key, no file at all), runs every `$ chexreview-cli ...` line of the page in a folder holding
// them, and compares the output with the page line for line.
#include "core/model/WeightsFile.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cxr::test {
namespace {

namespace fs = std::filesystem;

struct Example {
  std::string command;   // after "$ "
  std::string expected;  // the lines shown below it
};

std::vector<Example> examples(const fs::path& page) {
  std::ifstream in(page);
  std::vector<Example> out;
  std::string line;
  bool inBlock = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      inBlock = line == "```text";
      continue;
    }
    if (!inBlock) continue;
    if (line.rfind("$ ", 0) == 0) out.push_back({line.substr(2), {}});
    else if (!out.empty()) out.back().expected += line + "\n";
  }
  return out;
}

/// Runs `command` (starting with "chexreview-cli") in `dir`; output is stdout and stderr.
std::pair<int, std::string> runIn(const fs::path& dir, const std::string& command) {
  const std::string name = "chexreview-cli";
  const std::string cmd = "cd '" + dir.string() + "' && '" + std::string(CXR_CLI_PATH) + "'" +
                          command.substr(name.size()) + " 2>&1";
  std::string output;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return {-1, {}};
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

void copyPrefix(const fs::path& from, const fs::path& to, size_t bytes) {
  std::ifstream in(from, std::ios::binary);
  std::vector<char> data(bytes);
  in.read(data.data(), std::streamsize(bytes));
  std::ofstream(to, std::ios::binary).write(data.data(), in.gcount());
}

TEST(OfficialWeightsDocTest, QuotedErrorsAreWhatTheCliPrints) {
  const fs::path source(CXR_SOURCE_DIR);
  const fs::path demoModel = source / "models/hybridgnet-jsrt256.pt";
  const fs::path chest = source / "resources/demo/wikimedia_cc0_pa_chest.jpg";
  const fs::path png = source / "docs/images/guide-08-export.png";
  for (const auto& f : {demoModel, chest, png})
    if (!fs::exists(f)) GTEST_SKIP() << "SKIPPED: " << f << " not found";
  const fs::path dir = makeTempDir("official-weights-doc");
  fs::copy_file(chest, dir / "chest.jpg");
  fs::copy_file(png, dir / "chexmask-weights.pt");  // a PNG renamed .pt
  copyPrefix(demoModel, dir / "truncated.pt", fs::file_size(demoModel) * 2 / 5);
  model::NamedFloatTensors tensors = model::WeightsFile::read(demoModel.string());
  const auto before = tensors.size();
  tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                               [](const auto& t) { return t.first == "graphConv_up1.lins.0.weight"; }),
                tensors.end());
  ASSERT_EQ(tensors.size() + 1, before);
  model::WeightsFile::write((dir / "hybridgnet-missing-key.pt").string(), tensors);

  const auto shown = examples(source / "docs/official-weights.md");
  ASSERT_GE(shown.size(), 4u) << "docs/official-weights.md lost its examples";
  for (const auto& e : shown) {
    ASSERT_EQ(e.command.rfind("chexreview-cli ", 0), 0u) << e.command;
    const auto [exitCode, output] = runIn(dir, e.command);
    EXPECT_EQ(output, e.expected) << "$ " << e.command;
    const bool usage = e.expected.find("Run with --help") != std::string::npos;
    EXPECT_EQ(exitCode, usage ? 2 : 1) << e.command;
    EXPECT_FALSE(fs::exists(dir / "rows.csv")) << "a refused model must not leave a CSV: " << e.command;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cxr::test
