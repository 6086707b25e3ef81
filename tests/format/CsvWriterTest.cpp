#include "core/format/CsvReader.h"
#include "core/format/CsvWriter.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::format;

TEST(CsvWriterTest, QuotesOnlyWhereRfc4180Requires) {
  EXPECT_EQ(CsvWriter::quote("plain"), "plain");
  EXPECT_EQ(CsvWriter::quote("1,2"), "\"1,2\"");
  EXPECT_EQ(CsvWriter::quote("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(CsvWriter::quote("l1\nl2"), "\"l1\nl2\"");
  EXPECT_EQ(CsvWriter::quote(""), "");
}

TEST(CsvWriterTest, GzipOutputReadsBack) {
  const auto dir = cxr::test::makeTempDir("csvwriter");
  const std::string path = (dir / "o.csv.gz").string();
  {
    CsvWriter w(path);
    w.write({"id", "Landmarks"});
    w.write({"x", "1,2,3"});
    w.close();
  }
  EXPECT_EQ(cxr::test::readFile(path).substr(0, 2), "\x1f\x8b");  // gzip magic
  CsvReader r(path);
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f[1], "1,2,3");
  std::filesystem::remove_all(dir);
}
