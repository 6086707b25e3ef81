// Numbers in the files and hashes the store writes must not follow the process locale: a Qt GUI
// calls setlocale(LC_ALL, "") and may set a global C++ locale, and in de_DE.UTF-8 printf and
// strtod use a decimal comma. Everything here runs once in the C locale and once in German.
#include "core/format/CheXmaskCsvReader.h"
#include "core/format/CheXmaskCsvWriter.h"
#include "core/format/NumberText.h"
#include "core/store/CheXmaskExporter.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreCodec.h"
#include "core/store/VersionRepository.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <clocale>
#include <cstdio>
#include <locale>
#include <sstream>

using namespace cxr;
using namespace cxr::store;
using namespace cxr::store::test;

namespace {

const char* const kGerman = "de_DE.UTF-8";

/// Switches the C and the global C++ locale for its lifetime.
class LocaleScope {
 public:
  explicit LocaleScope(const char* name) : m_c(std::setlocale(LC_ALL, nullptr)), m_cpp(std::locale()) {
    std::setlocale(LC_ALL, name);
    std::locale::global(std::locale(name));
  }
  ~LocaleScope() {
    std::setlocale(LC_ALL, m_c.c_str());
    std::locale::global(m_cpp);
  }

 private:
  std::string m_c;
  std::locale m_cpp;
};

bool germanInstalled() {
  try {
    std::locale german(kGerman);
  } catch (const std::exception&) {
    return false;
  }
  const std::string before = std::setlocale(LC_ALL, nullptr);
  const bool ok = std::setlocale(LC_ALL, kGerman) != nullptr;
  std::setlocale(LC_ALL, before.c_str());
  return ok;
}

format::CheXmaskRow row(const std::string& id, double dx, std::optional<double> mean,
                        std::optional<double> max) {
  format::CheXmaskRow r;
  r.imageId = id;
  r.rcaMean = mean;
  r.rcaMax = max;
  r.landmarks = ringLandmarks(dx);  // fractional coordinates
  r.rleRightLung = "1001 20 2025 22";
  r.rleLeftLung = "1101 20";
  r.rleHeart = "3001 40";
  return r;
}

/// Everything a locale could change, as text.
struct Outputs {
  std::string writtenCsv, exportedCsv, physicianCsv, parsed, hash, json, codec, numbers;
};

Outputs produce(const TempDir& dir, const std::string& tag) {
  Outputs out;
  const std::string csvPath = dir.file("Synthetic-" + tag + ".csv");
  {
    format::CheXmaskCsvWriter writer(csvPath, format::CheXmaskCsvWriter::modelHeader("Image Index"));
    writer.write(row("a.png", 0.5, 0.8125, 0.90625));
    writer.write(row("b.png", 0.1, 0.1, 1e-7));
    writer.write(row("c.png", 2.75, std::nullopt, std::nullopt));
    writer.close();
  }
  out.writtenCsv = readFile(csvPath);
  format::CheXmaskCsvReader reader(csvPath);
  format::CheXmaskRow r;
  while (reader.next(r))
    out.parsed += r.imageId + " " + format::NumberText::shortest(r.rcaMean.value_or(-1)) + " " +
                  format::NumberText::shortest(r.rcaMax.value_or(-1)) + " " +
                  format::NumberText::shortest(r.landmarks[3].x) + "\n";

  ReviewStore store(dir.file("store-" + tag + ".db"));
  CsvImportOptions importOptions;
  importOptions.dataset = "Synthetic";
  CheXmaskImporter(store).importFile(csvPath, importOptions);
  CsvExportOptions exportOptions;
  CheXmaskExporter(store).exportFile(dir.file("export-" + tag + ".csv"), exportOptions);
  out.exportedCsv = readFile(dir.file("export-" + tag + ".csv"));
  exportOptions.physicianLayout = true;
  CheXmaskExporter(store).exportFile(dir.file("physician-" + tag + ".csv"), exportOptions);
  out.physicianCsv = readFile(dir.file("physician-" + tag + ".csv"));

  NewVersion v;
  v.source = VersionSource::CsvImport;
  v.author = "chexmask";
  v.data = segmentation(ringLandmarks(0.25));
  v.data.rcaMean = 0.1;
  v.data.rcaMax = 2.0 / 3.0;
  v.latent = {0.5f, -1.25f};
  out.hash = VersionRepository::contentHash(v, "hybridgnet|feed");

  nlohmann::json j = {{"mean", 0.1}, {"values", {1.5, 2e-7, -3.25}}, {"k", 5}};
  out.json = j.dump();
  out.json += " " + nlohmann::json::parse(R"({"x": 0.75})")["x"].dump();
  out.codec = StoreCodec::toJsonArray({"0.5", "x"});
  out.numbers = format::NumberText::general(0.1, 17) + " " + format::NumberText::fixed(12.3456, 2) +
                " " + format::NumberText::shortest(0.1) + " " +
                format::NumberText::shortest(*format::NumberText::parse("  +1.5e-3"));
  return out;
}

}  // namespace

TEST(LocaleIndependenceTest, CsvFilesHashesAndJsonAreTheSameUnderADecimalCommaLocale) {
  if (!germanInstalled())
    GTEST_SKIP() << "SKIPPED: locale " << kGerman
                 << " is not installed (packaging/install-deps.sh generates it)";
  TempDir dir("locale");
  const Outputs c = produce(dir, "c");
  Outputs german;
  {
    LocaleScope scope(kGerman);
    // The switch took: printf, to_string and new streams now write a decimal comma.
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", 0.5);
    ASSERT_STREQ(buf, "0,5");
    std::ostringstream stream;
    stream << 0.5;
    ASSERT_EQ(stream.str(), "0,5");
    german = produce(dir, "de");
  }
  EXPECT_NE(c.writtenCsv.find("0.8125,0.90625"), std::string::npos) << c.writtenCsv;
  EXPECT_EQ(german.writtenCsv, c.writtenCsv);
  EXPECT_EQ(german.parsed, c.parsed);
  EXPECT_EQ(c.parsed, "a.png 0.8125 0.90625 " + format::NumberText::shortest(ringLandmarks(0.5)[3].x) +
                          "\nb.png 0.1 1e-07 " + format::NumberText::shortest(ringLandmarks(0.1)[3].x) +
                          "\nc.png -1 -1 " + format::NumberText::shortest(ringLandmarks(2.75)[3].x) + "\n");
  EXPECT_EQ(german.exportedCsv, c.exportedCsv);
  EXPECT_EQ(c.exportedCsv, c.writtenCsv);  // import + export reproduces the file
  EXPECT_EQ(german.physicianCsv, c.physicianCsv);
  EXPECT_EQ(german.hash, c.hash);
  EXPECT_EQ(german.json, c.json);
  EXPECT_EQ(c.json, R"({"k":5,"mean":0.1,"values":[1.5,2e-07,-3.25]} 0.75)");
  EXPECT_EQ(german.codec, c.codec);
  EXPECT_EQ(german.numbers, c.numbers);
  EXPECT_EQ(c.numbers, "0.10000000000000001 12.35 0.1 0.0015");
}

TEST(LocaleIndependenceTest, NumberTextParsesLikeStrtodInTheCLocale) {
  EXPECT_EQ(format::NumberText::parse("0.5"), 0.5);
  EXPECT_EQ(format::NumberText::parse(" -2.5e3"), -2500.0);
  EXPECT_EQ(format::NumberText::parse("+.25"), 0.25);
  EXPECT_FALSE(format::NumberText::parse("0,5").has_value());
  EXPECT_FALSE(format::NumberText::parse("").has_value());
  EXPECT_FALSE(format::NumberText::parse("1.5x").has_value());
  EXPECT_FALSE(format::NumberText::parse("+-1").has_value());
  EXPECT_EQ(format::NumberText::general(0.8125, 17), "0.8125");
  EXPECT_EQ(format::NumberText::general(1.0 / 3.0, 17), "0.33333333333333331");
  EXPECT_EQ(format::NumberText::fixed(-0.00001, 4), "-0.0000");
}
