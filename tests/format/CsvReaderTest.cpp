#include "core/format/CsvReader.h"
#include "core/format/FormatError.h"
#include "tests/common/CsvRows.h"
#include "tests/common/SharedData.h"
#include "tests/format/FormatTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

using namespace cxr::format;
using cxr::test::readCsvRows;
using cxr::test::writeFile;

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = cxr::test::makeTempDir("csvreader"); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string file(const std::string& name) { return (dir / name).string(); }
  std::filesystem::path dir;
};

TEST_F(CsvReaderTest, ParsesRfc4180QuotingNewlinesAndCrlf) {
  writeFile(file("a.csv"), "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\n");
  const auto rows = readCsvRows(file("a.csv"));
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
  const auto rows = readCsvRows(file("c.csv.gz"));
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
    readCsvRows(file("t.csv.gz"));
    FAIL() << "truncated gzip accepted";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv.gz"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST_F(CsvReaderTest, UnterminatedQuoteAndMissingFileAreErrors) {
  writeFile(file("e.csv"), "a\n\"open\n");
  EXPECT_THROW(readCsvRows(file("e.csv")), FormatError);
  EXPECT_THROW(CsvReader(file("missing.csv")), FormatError);
}

namespace {

// The byte-at-a-time tokeniser the block tokeniser replaced (the grammar of record), kept
// here as the oracle: records with their start lines, or the error's text after the path.
struct OracleResult {
  std::vector<std::vector<std::string>> rows;
  std::vector<long long> lines;
  std::string error;
};

OracleResult oracleParse(const std::string& text) {
  OracleResult out;
  size_t pos = 0;
  long long line = 1;
  const auto get = [&]() -> int { return pos < text.size() ? static_cast<unsigned char>(text[pos++]) : -1; };
  const auto peek = [&]() -> int { return pos < text.size() ? static_cast<unsigned char>(text[pos]) : -1; };
  for (;;) {
    int c = get();
    while (c == '\n' || c == '\r') {
      if (c == '\n') ++line;
      c = get();
    }
    if (c < 0) return out;
    const long long recordLine = line;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, inQuotes = false;
    for (;; c = get()) {
      if (inQuotes) {
        if (c < 0) {
          out.error = ": line " + std::to_string(recordLine) + ": unterminated quoted field (file ends inside quotes)";
          return out;
        }
        if (c == '"') {
          if (peek() == '"') {
            get();
            field.push_back('"');
          } else {
            inQuotes = false;
          }
        } else {
          if (c == '\n') ++line;
          field.push_back(static_cast<char>(c));
        }
        continue;
      }
      if (c == '"' && field.empty() && !quoted) {
        quoted = inQuotes = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        quoted = false;
      } else if (c == '\n' || c == '\r' || c < 0) {
        if (c == '\r' && peek() == '\n') get();
        if (c >= 0) ++line;
        fields.push_back(std::move(field));
        break;
      } else if (quoted) {
        out.error = ": line " + std::to_string(line) + ", field " + std::to_string(fields.size() + 1) +
                    ": text after a closing quote";
        return out;
      } else {
        field.push_back(static_cast<char>(c));
      }
    }
    out.rows.push_back(std::move(fields));
    out.lines.push_back(recordLine);
  }
}

}  // namespace

// The block tokeniser against the byte-at-a-time grammar on random CSV-like files of 1-3 MiB,
// so that quotes, doubled quotes, \r\n pairs and delimiters fall on the 1 MiB buffer boundary.
TEST_F(CsvReaderTest, BlockTokeniserMatchesByteGrammarAcrossBufferBoundaries) {
  std::mt19937 rng(20261130);
  int files = 0, withErrors = 0;
  long long records = 0;
  for (int round = 0; round < 24; ++round) {
    std::string text;
    const size_t target = (size_t(1) << 20) - 64 + (rng() % 128) + (round % 3) * (size_t(1) << 20);
    // Well-formed fields (long unquoted runs like RLE columns, quoted fields with doubled quotes,
    // commas and newlines, a literal quote inside an unquoted field) and every record ending.
    while (text.size() < target) {
      const int kind = int(rng() % 10);
      if (kind < 6) {
        text.append(rng() % 700, "xyz0123 "[rng() % 8]);
        if (kind == 0 && rng() % 4 == 0) text += "a\"b";
      } else if (kind < 9) {
        text += '"';
        for (int i = int(rng() % 60); i > 0; --i) {
          const int r = int(rng() % 12);
          text += r == 0 ? "\"\"" : r == 1 ? "\n" : r == 2 ? "\r\n" : r == 3 ? "," : std::string(1, "pq 9"[rng() % 4]);
        }
        text += '"';
      }  // kind 9: an empty field
      const int end = int(rng() % 12);
      text += end < 8 ? "," : end == 8 ? "\n" : end == 9 ? "\r\n" : end == 10 ? "\r" : "\n\n\r\n";
    }
    if (round % 4 == 3)  // stray quotes: most likely "text after a closing quote" somewhere
      for (int i = 0; i < 3; ++i) text[rng() % text.size()] = '"';
    if (round % 4 == 1) text += "\"unterminated";  // ends inside quotes
    const std::string path = file("r" + std::to_string(round) + ".csv");
    writeFile(path, text);
    const OracleResult expected = oracleParse(text);
    OracleResult got;
    try {
      CsvReader r(path);
      std::vector<std::string> f;
      while (r.next(f)) {
        got.rows.push_back(f);
        got.lines.push_back(r.recordLine());
      }
    } catch (const FormatError& e) {
      got.error = std::string(e.what()).substr(path.size());
    }
    ASSERT_EQ(got.error, expected.error) << "round " << round;
    if (expected.error.empty()) {
      ASSERT_EQ(got.rows.size(), expected.rows.size()) << "round " << round;
      for (size_t i = 0; i < got.rows.size(); ++i) {
        ASSERT_EQ(got.rows[i], expected.rows[i]) << "round " << round << " record " << i;
        ASSERT_EQ(got.lines[i], expected.lines[i]) << "round " << round << " record " << i;
      }
    } else {
      ++withErrors;
    }
    records += static_cast<long long>(expected.rows.size());
    ++files;
  }
  EXPECT_EQ(files, 24);
  EXPECT_GT(withErrors, 0);            // the error paths were compared too
  EXPECT_LT(withErrors, files);        // and so were full parses
  EXPECT_GT(records, 1000);
}
