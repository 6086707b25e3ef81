#include "core/store/CheXmaskExporter.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "tests/common/CsvRows.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <map>

using namespace cxr::store;
using namespace cxr::store::test;
using cxr::test::sharedData;

namespace {

const char* const kDatasets[] = {"ChestX-Ray8", "CheXpert", "VinDr-CXR"};

std::string csv(const std::string& name) { return sharedData("chexmask/" + name).string(); }

/// A store holding all nine shared CSVs (3 model files, 6 physician files) and the NIH image.
struct ImportedStore {
  TempDir dir{"export"};
  ReviewStore store{dir.file("r.db")};
  ImportedStore() {
    CheXmaskImporter importer(store);
    CsvImportOptions options;
    options.imageRoot = sharedData("images/nih").string();
    for (const std::string ds : kDatasets)
      for (const std::string suffix : {"", "_julia_annotations", "_martina_annotations"})
        importer.importFile(csv(ds + suffix + ".csv"), options);
  }
};

}  // namespace

TEST(CheXmaskExporterTest, ExportReproducesEachModelCsvFieldByFieldAndByteForByte) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  ImportedStore f;
  EXPECT_EQ(f.store.status().versions, (50 + 56 + 50) * 3);
  for (const std::string ds : kDatasets) {
    SCOPED_TRACE(ds);
    CsvExportOptions options;
    options.dataset = ds;
    const std::string out = f.dir.file(ds + "-export.csv");
    const auto result = CheXmaskExporter(f.store).exportFile(out, options);
    const auto expected = cxr::test::readCsvRows(csv(ds + ".csv"));
    const auto actual = cxr::test::readCsvRows(out);
    EXPECT_EQ(result.rows, static_cast<std::int64_t>(expected.size() - 1));
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t r = 0; r < expected.size(); ++r) {
      ASSERT_EQ(actual[r].size(), expected[r].size()) << "row " << r;
      for (size_t c = 0; c < expected[r].size(); ++c)
        ASSERT_EQ(actual[r][c], expected[r][c]) << "row " << r << " column " << expected[0][c];
    }
    EXPECT_TRUE(readFile(out) == readFile(csv(ds + ".csv"))) << "bytes differ for " << ds;
  }
}

TEST(CheXmaskExporterTest, PhysicianExportGivesTheReadersCorrections) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert_martina_annotations.csv");
  ImportedStore f;
  CsvExportOptions options;
  options.dataset = "CheXpert";
  options.reader = "martina";
  options.physicianLayout = true;
  options.status = ReviewStatus::Corrected;
  const std::string out = f.dir.file("martina.csv.gz");
  EXPECT_EQ(CheXmaskExporter(f.store).exportFile(out, options).rows, 56);
  std::map<std::string, cxr::format::CheXmaskRow> expected;
  {
    cxr::format::CheXmaskCsvReader reader(csv("CheXpert_martina_annotations.csv"));
    cxr::format::CheXmaskRow row;
    while (reader.next(row)) expected[row.imageId] = row;
  }
  cxr::format::CheXmaskCsvReader reader(out);
  EXPECT_EQ(reader.kind(), cxr::format::CheXmaskFileKind::Physician);
  cxr::format::CheXmaskRow row;
  int rows = 0;
  while (reader.next(row)) {
    ++rows;
    const auto& e = expected.at(row.imageId);
    EXPECT_EQ(row.dataset, "CheXpert");
    EXPECT_EQ(row.landmarks, e.landmarks) << row.imageId;
    EXPECT_EQ(row.rleRightLung, e.rleRightLung) << row.imageId;
    EXPECT_EQ(row.rleLeftLung, e.rleLeftLung) << row.imageId;
    EXPECT_EQ(row.rleHeart, e.rleHeart) << row.imageId;
  }
  EXPECT_EQ(rows, 56);
  options.status = ReviewStatus::Accepted;
  EXPECT_EQ(CheXmaskExporter(f.store).exportFile(f.dir.file("none.csv"), options).rows, 0);
}

TEST(CheXmaskExporterTest, RcaThresholdsSelectTheSameRowsAsTheFile) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR.csv");
  ImportedStore f;
  int expectedMean = 0, expectedBoth = 0;
  {
    cxr::format::CheXmaskCsvReader reader(csv("VinDr-CXR.csv"));
    cxr::format::CheXmaskRow row;
    while (reader.next(row)) {
      expectedMean += *row.rcaMean >= 0.84;
      expectedBoth += *row.rcaMean >= 0.84 && *row.rcaMax >= 0.9;
    }
  }
  ASSERT_GT(expectedMean, 0);
  ASSERT_LT(expectedMean, 50);
  CsvExportOptions options;
  options.dataset = "VinDr-CXR";
  options.minRcaMean = 0.84;
  EXPECT_EQ(CheXmaskExporter(f.store).exportFile(f.dir.file("a.csv"), options).rows, expectedMean);
  options.minRcaMax = 0.9;
  EXPECT_EQ(CheXmaskExporter(f.store).exportFile(f.dir.file("b.csv"), options).rows, expectedBoth);
  options.dataset = "NoSuchDataset";
  EXPECT_THROW(CheXmaskExporter(f.store).exportFile(f.dir.file("c.csv"), options), StoreError);
}
