#include "tests/cli/CliRunner.h"

#include <gtest/gtest.h>

#include <algorithm>

using cxr::test::runCli;

TEST(HelpTest, EverySubcommandAnswersHelp) {
  const auto names = cxr::test::cliSubcommands();
  ASSERT_FALSE(names.empty());
  EXPECT_NE(std::find(names.begin(), names.end(), "csv"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "compare"), names.end());
  for (const auto& name : names) {
    const auto r = runCli({name, "--help"});
    EXPECT_EQ(r.exitCode, 0) << name << ": " << r.output;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << name;
  }
}

TEST(HelpTest, UnknownCommandFailsWithNonZeroExit) {
  const auto r = runCli({"no-such-command"});
  EXPECT_NE(r.exitCode, 0);
}
