#include "core/store/VersionComparator.h"

#include "core/format/CsvComparison.h"
#include "core/format/CsvReader.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ComparisonRepository.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace cxr::store;
using namespace cxr::store::test;
using cxr::test::sharedData;

namespace {

std::string csv(const std::string& name) { return sharedData("chexmask/" + name).string(); }

void expectSame(double expected, double actual, const std::string& what) {
  if (std::isnan(expected))
    EXPECT_TRUE(std::isnan(actual)) << what;
  else
    EXPECT_DOUBLE_EQ(expected, actual) << what;
}

}  // namespace

// Metrics computed from the stored versions equal those computed straight from the two CSVs.
TEST(VersionComparatorTest, StoredVersionsGiveTheSameMetricsAsTheCsvFiles) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR_julia_annotations.csv");
  TempDir dir("comparator");
  const std::string evaluation = dir.file("eval.csv");
  cxr::format::CsvComparison::compareFiles(csv("VinDr-CXR_julia_annotations.csv"), csv("VinDr-CXR.csv"),
                                           evaluation);
  std::map<std::string, std::vector<std::string>> expected;
  std::vector<std::string> header, fields;
  {
    cxr::format::CsvReader reader(evaluation);
    reader.next(header);
    while (reader.next(fields)) expected[fields[1]] = fields;  // Dataset, ImageID, ...
  }
  ASSERT_EQ(expected.size(), 50u);
  auto column = [&](const std::vector<std::string>& row, const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return row[i].empty() ? std::nan("") : std::stod(row[i]);
    ADD_FAILURE() << "no column " << name;
    return 0.0;
  };

  ReviewStore store(dir.file("r.db"));
  CheXmaskImporter importer(store);
  importer.importFile(csv("VinDr-CXR.csv"));
  importer.importFile(csv("VinDr-CXR_julia_annotations.csv"));
  const auto ds = store.datasets().findByName("VinDr-CXR");
  VersionComparator comparator(store);
  for (const auto& [id, row] : expected) {
    const RowId image = *store.datasets().imageByExternalId(ds->id, id);
    const RowId physician = store.versions().current(image, "julia")->id;
    const RowId model = store.versions().current(image, "chexmask")->id;
    const ComparisonInfo c = comparator.compare(physician, model);
    expectSame(column(row, "Dice Lungs"), c.diceLungs, id + " Dice Lungs");
    expectSame(column(row, "Dice Heart"), c.diceHeart, id + " Dice Heart");
    expectSame(column(row, "Hausdorff Lungs"), c.hausdorffLungs, id + " Hausdorff Lungs");
    expectSame(column(row, "Hausdorff 95 Heart"), c.hausdorff95Heart, id + " Hausdorff 95 Heart");
    expectSame(column(row, "MSE"), c.mse, id + " MSE");
  }
  EXPECT_EQ(store.status().comparisons, 50);
  EXPECT_THROW(comparator.compare(1, 2), StoreError);  // rows 1 and 2 are different images
}
