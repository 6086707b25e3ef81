#include "core/format/CsvReader.h"
#include "core/format/FormatError.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::format;
using cxr::test::writeFile;

namespace {
std::vector<std::vector<std::string>> readAll(const std::string& path) {
  CsvReader r(path);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> f;
  while (r.next(f)) rows.push_back(f);
  return rows;
}
}  // namespace

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("csvreader"); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string file(const std::string& name) { return (dir / name).string(); }
  std::filesystem::path dir;
};

TEST_F(CsvReaderTest, ParsesRfc4180QuotingNewlinesAndCrlf) {
  writeFile(file("a.csv"), "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\n");
  const auto rows = readAll(file("a.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "", ""}));
}

TEST_F(CsvReaderTest, ReportsLineOfEachRecordAcrossQuotedNewlines) {
  writeFile(file("b.csv"), "h\n\"1\n2\"\nz\n");
  CsvReader r(file("b.csv"));
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.recordLine(), 1);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.recordLine(), 2);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.recordLine(), 4);
  EXPECT_FALSE(r.next(f));
}

TEST_F(CsvReaderTest, ReadsGzipTransparently) {
  writeFile(file("c.csv.gz"), "a,b\n1,\"2,3\"\n", true);
  const auto rows = readAll(file("c.csv.gz"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][1], "2,3");
}

TEST_F(CsvReaderTest, TruncatedGzipIsAnErrorNamingTheFile) {
  std::string text = "a,b\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + "," + std::to_string(i * 7) + "\n";
  writeFile(file("d.csv.gz"), text, true);
  const std::string whole = cxr::test::readFile(file("d.csv.gz"));
  writeFile(file("t.csv.gz"), whole.substr(0, whole.size() / 2));
  try {
    readAll(file("t.csv.gz"));
    FAIL() << "truncated gzip accepted";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv.gz"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST_F(CsvReaderTest, UnterminatedQuoteAndMissingFileAreErrors) {
  writeFile(file("e.csv"), "a\n\"open\n");
  EXPECT_THROW(readAll(file("e.csv")), FormatError);
  EXPECT_THROW(CsvReader(file("missing.csv")), FormatError);
}
