// The multi-reader commands end to end on the two physicians' real corrections: `agreement`
// on the imported readers gives exactly what `compare` gives on their CSVs; `consensus`,
// `adjudication`, `assign` and `readers` store what they report and are idempotent.
#include "tests/cli/CliRunner.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using cxr::test::runCli;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kDatasets = {"CheXpert", "ChestX-Ray8", "VinDr-CXR"};

std::string physicianFile(const std::string& dataset, const std::string& reader) {
  return cxr::test::sharedData("chexmask/" + dataset + "_" + reader + "_annotations.csv").string();
}

/// Header line and ImageID (second field) -> whole line. Fails on a repeated id.
struct CsvLines {
  std::string header;
  std::map<std::string, std::string> byId;
};
CsvLines readLines(const fs::path& path) {
  CsvLines out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, out.header);
  while (std::getline(in, line)) {
    const std::size_t a = line.find(',');
    const std::size_t b = line.find(',', a + 1);
    const std::string id = line.substr(a + 1, b - a - 1);
    EXPECT_TRUE(out.byId.emplace(id, line).second) << path << ": " << id << " twice";
  }
  return out;
}

class MultiReaderCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& ds : kDatasets) {
      CXR_REQUIRE_SHARED("chexmask/" + ds + "_julia_annotations.csv");
      CXR_REQUIRE_SHARED("chexmask/" + ds + "_martina_annotations.csv");
    }
    dir = cxr::test::makeTempDir("multi-reader");
    db = (dir / "readers.db").string();
    std::vector<std::string> args{"import", "-q", "-d", db};
    for (const std::string& ds : kDatasets) {
      args.push_back(physicianFile(ds, "julia"));
      args.push_back(physicianFile(ds, "martina"));
    }
    const auto r = runCli(args);
    ASSERT_EQ(r.exitCode, 0) << r.output;
  }
  void TearDown() override {
    if (!dir.empty()) fs::remove_all(dir);
  }
  fs::path dir;
  std::string db;
};

}  // namespace

TEST_F(MultiReaderCommandsTest, AgreementOfImportedReadersEqualsCompareOfTheirCsvs) {
  std::size_t total = 0;
  for (const std::string& ds : kDatasets) {
    const fs::path viaCompare = dir / (ds + "-compare.csv");
    const fs::path viaAgreement = dir / (ds + "-agreement.csv");
    const auto c = runCli({"compare", physicianFile(ds, "julia"), physicianFile(ds, "martina"), "-o", viaCompare.string()});
    ASSERT_EQ(c.exitCode, 0) << c.output;
    const auto a = runCli({"agreement", "-d", db, "--readers", "julia", "martina", "--dataset", ds, "-o",
                           viaAgreement.string()});
    ASSERT_EQ(a.exitCode, 0) << a.output;
    EXPECT_NE(a.output.find(ds + ": "), std::string::npos) << a.output;  // the per-dataset summary
    EXPECT_NE(a.output.find("Dice Heart"), std::string::npos) << a.output;
    const CsvLines expected = readLines(viaCompare);
    const CsvLines actual = readLines(viaAgreement);
    EXPECT_EQ(actual.header, "Dataset,ImageID,Dice GT,Dice Lungs,Dice Heart,Hausdorff Lungs,Hausdorff Heart,"
                             "Hausdorff 95 Lungs,Hausdorff 95 Heart,MSE");
    EXPECT_EQ(actual.header, expected.header);
    ASSERT_GT(expected.byId.size(), 40u);
    EXPECT_EQ(actual.byId.size(), expected.byId.size());
    for (const auto& [id, line] : expected.byId) {
      const auto it = actual.byId.find(id);
      ASSERT_NE(it, actual.byId.end()) << ds << " " << id << " missing from agreement";
      EXPECT_EQ(it->second, line) << ds << " " << id;  // every number, to the last digit
    }
    total += expected.byId.size();
  }
  // Without --dataset: every image both read, with an overall summary.
  const fs::path all = dir / "all.csv";
  const auto a = runCli({"agreement", "-d", db, "--readers", "julia", "martina", "-o", all.string()});
  ASSERT_EQ(a.exitCode, 0) << a.output;
  EXPECT_EQ(readLines(all).byId.size(), total);
  EXPECT_NE(a.output.find("all datasets: " + std::to_string(total) + " images"), std::string::npos) << a.output;
}

TEST_F(MultiReaderCommandsTest, BadReadersAndDatasetsAreClearErrors) {
  const std::string out = (dir / "x.csv").string();
  auto r = runCli({"agreement", "-d", db, "--readers", "julia", "nobody", "-o", out});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("no reader named 'nobody'"), std::string::npos) << r.output;
  r = runCli({"agreement", "-d", db, "--readers", "julia", "martina", "--dataset", "MIMIC", "-o", out});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("no dataset named 'MIMIC'"), std::string::npos) << r.output;
  r = runCli({"consensus", "-d", db, "--readers", "julia", "julia"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("distinct"), std::string::npos) << r.output;
  r = runCli({"adjudication", "-d", db, "--readers", "julia", "martina", "--worklist", "adj"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("threshold"), std::string::npos) << r.output;
}

TEST_F(MultiReaderCommandsTest, ConsensusIsStoredOnceAndComparesWithItsReaders) {
  auto r = runCli({"consensus", "-q", "-d", db, "--readers", "julia", "martina", "--dataset", "VinDr-CXR"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("50 images read by all, 50 new consensus versions, 0 already stored"), std::string::npos)
      << r.output;
  r = runCli({"consensus", "-q", "-d", db, "--readers", "julia", "martina", "--dataset", "VinDr-CXR"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("0 new consensus versions, 50 already stored"), std::string::npos) << r.output;
  // The consensus is a reader like the others: agreement and export select it.
  const fs::path out = dir / "consensus-vs-julia.csv";
  r = runCli({"agreement", "-q", "-d", db, "--readers", "consensus", "julia", "-o", out.string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(readLines(out).byId.size(), 50u);
  r = runCli({"export", "-d", db, "--reader", "consensus", "--physician-layout", "-o", (dir / "c.csv").string()});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("50 rows"), std::string::npos) << r.output;
}

TEST_F(MultiReaderCommandsTest, DisagreementsBecomeAnAdjudicationWorklist) {
  // Dice above 1 flags every image; a rerun adds nothing.
  auto r = runCli({"adjudication", "-d", db, "--readers", "julia", "martina", "--dataset", "ChestX-Ray8", "--dice",
                   "1.1", "--worklist", "adj-all", "--assign", "judge"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("worklist adj-all (created"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("50 images compared, 50 beyond the thresholds"), std::string::npos) << r.output;
  r = runCli({"adjudication", "-d", db, "--readers", "julia", "martina", "--dataset", "ChestX-Ray8", "--dice",
              "1.1", "--worklist", "adj-all"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("(existing"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(", 0 added"), std::string::npos) << r.output;
  // A threshold no pair crosses flags nothing.
  r = runCli({"adjudication", "-d", db, "--readers", "julia", "martina", "--hausdorff", "100000", "--worklist", "none"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 beyond the thresholds"), std::string::npos) << r.output;
  r = runCli({"readers", "-d", db});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("judge"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("adjudicator"), std::string::npos) << r.output;
}

TEST_F(MultiReaderCommandsTest, AssignReportsWhoStillHasToReadWhat) {
  auto r = runCli({"assign", "-d", db, "--worklist", "double", "--from-dataset", "CheXpert", "--readers", "julia",
                   "ana", "--target-reads", "2", "--blind"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("worklist double: 56 images, 2 reads per image, blind"), std::string::npos) << r.output;
  // julia has read all 56 (imported corrections), ana none.
  EXPECT_NE(r.output.find("0 images fully read"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ana                      56 images still to read"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("julia                    0 images still to read"), std::string::npos) << r.output;
  r = runCli({"assign", "-d", db, "--worklist", "double", "--readers", "martina"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("56 images fully read"), std::string::npos) << r.output;
  r = runCli({"assign", "-d", db, "--worklist", "nope", "--readers", "ana"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("no worklist named 'nope'"), std::string::npos) << r.output;
}
