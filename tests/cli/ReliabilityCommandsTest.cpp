// Issue 12 at the command line (no model needed): exit statuses, all-or-nothing CSV import,
// no partial outputs, `info` going on past a bad file, clear messages. docs/reliability.md.
#include "tests/common/BadInputCorpus.h"
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using cxr::test::runCli;
namespace fs = std::filesystem;

namespace {

const char* const kHeader = cxr::test::kModelCsvHeader;

std::string landmarks(const std::string& first = "100") { return cxr::test::landmarkField(240, first); }

std::string row(const std::string& id, const std::string& lm = landmarks(), const std::string& h = "1024") {
  return id + ",0.8,0.9,\"" + lm + "\",,,," + h + ",1024\n";
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string versionsLine(const fs::path& db) {
  const auto r = runCli({"db", "status", db.string()});
  std::istringstream in(r.output);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("versions ", 0) == 0) return line;
  return r.output;
}

}  // namespace

class ReliabilityCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("clireliab"); }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

// Defect 10: usage errors exit with 2, not CLI11's 105-109.
TEST_F(ReliabilityCommandsTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(runCli({"csv", "check"}).exitCode, 2);
  EXPECT_EQ(runCli({"no-such-command"}).exitCode, 2);
  EXPECT_EQ(runCli({"import", "--db", (dir / "x.db").string(), "--batch", "zero", "a.csv"}).exitCode, 2);
  EXPECT_EQ(runCli({"--help"}).exitCode, 0);
  const auto help = runCli({"--help"});
  EXPECT_NE(help.output.find("Exit status: 0 all done; 1 failure"), std::string::npos) << help.output;
}

// Defects 1 and 4 at the command line: check refuses the file, naming it and the row.
TEST_F(ReliabilityCommandsTest, CsvCheckRefusesHugeSizesAndDuplicateIds) {
  write(dir / "big.csv", std::string(kHeader) + row("a.png", landmarks(), "100000"));
  auto r = runCli({"csv", "check", (dir / "big.csv").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("big.csv: line 2, column 'Height': '100000' exceeds the largest supported image side"),
            std::string::npos)
      << r.output;
  write(dir / "dup.csv", std::string(kHeader) + row("a.png") + row("a.png"));
  r = runCli({"csv", "check", (dir / "dup.csv").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("dup.csv: line 3, column 'Image Index': image ID 'a.png' appears twice (first at line 2)"),
            std::string::npos)
      << r.output;
}

// Defects 4 and 6: import validates every file before storing anything. A bad row late in the
// second file stores nothing from either file, and a new database is not even created.
TEST_F(ReliabilityCommandsTest, ImportStoresNothingWhenAnyRowOfAnyFileIsBad) {
  std::string good = kHeader, late = kHeader;
  for (int i = 0; i < 30; ++i) good += row("g" + std::to_string(i) + ".png");
  for (int i = 0; i < 30; ++i) late += row("l" + std::to_string(i) + ".png");
  late += row("l0.png");  // duplicate at line 32
  write(dir / "good.csv", good);
  write(dir / "late.csv", late);
  const fs::path db = dir / "review.db";
  auto r = runCli({"import", "--db", db.string(), "--batch", "5", "-q", (dir / "good.csv").string(),
                   (dir / "late.csv").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("late.csv: line 32, column 'Image Index': image ID 'l0.png' appears twice"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(db));
  // With an existing database: still nothing stored.
  ASSERT_EQ(runCli({"db", "init", db.string()}).exitCode, 0);
  r = runCli({"import", "--db", db.string(), "--batch", "5", "-q", (dir / "late.csv").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(versionsLine(db).rfind("versions 0,", 0), 0u) << versionsLine(db);
  // The good file alone imports all its rows.
  r = runCli({"import", "--db", db.string(), "--batch", "5", "-q", (dir / "good.csv").string()});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(versionsLine(db).rfind("versions 30,", 0), 0u) << versionsLine(db);
}

// Defect 9: compare and csv roundtrip leave no partial output when a late row is bad.
TEST_F(ReliabilityCommandsTest, CompareAndRoundtripLeaveNoPartialOutput) {
  std::string ref = kHeader, cand = kHeader;
  for (int i = 0; i < 20; ++i) ref += row(std::to_string(i) + ".png"), cand += row(std::to_string(i) + ".png");
  cand += row("late.png", landmarks("1e30"));
  write(dir / "ref.csv", ref);
  write(dir / "cand.csv", cand);
  auto r = runCli({"compare", (dir / "ref.csv").string(), (dir / "cand.csv").string(), "-o", (dir / "eval.csv").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("cand.csv: line 22, column 'Landmarks': landmark 0 x = 1e+30 is far outside"),
            std::string::npos)
      << r.output;
  r = runCli({"csv", "roundtrip", (dir / "cand.csv").string(), (dir / "rt.csv").string()});
  EXPECT_EQ(r.exitCode, 1);
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(name == "ref.csv" || name == "cand.csv") << "left behind: " << name;
  }
}

// Defect 9: merge into a new target with a corrupt shard leaves no database behind.
TEST_F(ReliabilityCommandsTest, MergeIntoNewTargetWithCorruptShardLeavesNothing) {
  const fs::path good = dir / "good.db", bad = dir / "bad.db", target = dir / "merged.db";
  ASSERT_EQ(runCli({"db", "init", good.string()}).exitCode, 0);
  std::mt19937 rng(3);
  std::string noise(8192, '\0');
  for (char& c : noise) c = char(rng());
  write(bad, "SQLite format 3" + std::string(1, '\0') + noise);
  const auto r = runCli({"merge", "--db", target.string(), good.string(), bad.string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("bad.db"), std::string::npos) << r.output;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(name == "good.db" || name == "bad.db") << "left behind: " << name;
  }
  // Both good: the target appears, complete.
  const auto ok = runCli({"merge", "--db", target.string(), good.string()});
  EXPECT_EQ(ok.exitCode, 0) << ok.output;
  EXPECT_TRUE(fs::exists(target));
}

// Defects 8 and 10: `info` reports each bad file with its reason and goes on; exit 3 when some
// failed, 1 when all did.
TEST_F(ReliabilityCommandsTest, InfoGoesOnPastBadFilesAndExitsWithThree) {
  CXR_REQUIRE_SHARED("dicom/nih_00000002_000_dx.dcm");
  const std::string real = cxr::test::sharedData("dicom/nih_00000002_000_dx.dcm").string();
  std::ifstream in(real, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write(dir / "cut.dcm", bytes.substr(0, 2000));  // header cut in the middle of the data set
  const std::string missing = (dir / "missing.png").string();
  const auto r = runCli({"info", (dir / "cut.dcm").string(), missing, real});
  EXPECT_EQ(r.exitCode, 3) << r.output;
  EXPECT_NE(r.output.find("cut.dcm: "), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("I/O suspension or premature end of stream\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(missing + ": file not found"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1024 x 1024"), std::string::npos) << r.output;  // the good file after them
  EXPECT_EQ(runCli({"info", missing}).exitCode, 1);
}

// Defect 8: a BOM is skipped, random bytes named .csv.gz are "not a gzip file".
TEST_F(ReliabilityCommandsTest, BomAndFakeGzipGetClearMessages) {
  write(dir / "bom.csv", "\xEF\xBB\xBF" + std::string(kHeader) + row("a.png"));
  auto r = runCli({"csv", "check", (dir / "bom.csv").string()});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  std::mt19937 rng(5);
  std::string noise(4096, '\0');
  for (char& c : noise) c = char(rng() | 1);
  write(dir / "random.csv.gz", noise);
  r = runCli({"csv", "check", (dir / "random.csv.gz").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.output.find("random.csv.gz: not a gzip file"), std::string::npos) << r.output;
}

// Defect 10 for `csv check`: every file is checked; a bad one among good ones gives 3.
TEST_F(ReliabilityCommandsTest, CsvCheckGoesOnPastABadFile) {
  write(dir / "good.csv", std::string(kHeader) + row("a.png"));
  write(dir / "bad.csv", std::string(kHeader) + row("a.png", landmarks(), "0x10"));
  const auto r = runCli({"csv", "check", (dir / "bad.csv").string(), (dir / "good.csv").string()});
  EXPECT_EQ(r.exitCode, 3) << r.output;
  EXPECT_NE(r.output.find("bad.csv: line 2, column 'Height'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("good.csv: OK"), std::string::npos) << r.output;
}
