#include "core/store/CheXmaskImporter.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <map>

using namespace cxr::store;
using namespace cxr::store::test;
using cxr::test::sharedData;

namespace {

std::string csv(const std::string& name) { return sharedData("chexmask/" + name).string(); }

std::map<std::string, cxr::format::CheXmaskRow> rowsById(const std::string& path) {
  cxr::format::CheXmaskCsvReader reader(path);
  std::map<std::string, cxr::format::CheXmaskRow> rows;
  cxr::format::CheXmaskRow row;
  while (reader.next(row)) rows[row.imageId] = row;
  return rows;
}

}  // namespace

TEST(CheXmaskImporterTest, ImportsModelAndPhysicianFilesWithTheNihImage) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  TempDir dir("import-nih");
  ReviewStore store(dir.file("r.db"));
  CheXmaskImporter importer(store);
  CsvImportOptions options;
  options.imageRoot = sharedData("images/nih").string();
  const auto model = importer.importFile(csv("ChestX-Ray8.csv"), options);
  EXPECT_EQ(model.rows, 50);
  EXPECT_EQ(model.versionsAdded, 50);
  EXPECT_EQ(model.dataset, "ChestX-Ray8");
  EXPECT_EQ(model.reader, "chexmask");
  EXPECT_FALSE(model.physicianFile);
  EXPECT_EQ(model.imagesWithFile, 1);
  const auto julia = importer.importFile(csv("ChestX-Ray8_julia_annotations.csv"), options);
  const auto martina = importer.importFile(csv("ChestX-Ray8_martina_annotations.csv"), options);
  EXPECT_TRUE(julia.physicianFile);
  EXPECT_EQ(julia.reader, "julia");
  EXPECT_EQ(martina.reader, "martina");
  EXPECT_EQ(julia.dataset, "ChestX-Ray8");
  EXPECT_EQ(store.status().images, 50);
  EXPECT_EQ(store.status().versions, 150);

  const auto ds = store.datasets().findByName("ChestX-Ray8");
  ASSERT_TRUE(ds.has_value());
  EXPECT_EQ(ds->info.idColumn, "Image Index");
  const auto imageId = store.datasets().imageByExternalId(ds->id, "00001437_024.png");
  ASSERT_TRUE(imageId.has_value());
  const auto image = store.images().find(*imageId);
  EXPECT_EQ(image->info.fileSha256, "67a9c718a74f8e395ff220605caab92da6c49fa7f8e3e4d71076f2bed0d5ede5");
  EXPECT_EQ(image->info.width, 1024);
  EXPECT_TRUE(std::filesystem::equivalent(store.images().absolutePath(*image),
                                          sharedData("images/nih/00001437_024.png")));

  // The complete review case: the model row and both corrections, exactly as in the files.
  const auto modelRows = rowsById(csv("ChestX-Ray8.csv"));
  const auto juliaRows = rowsById(csv("ChestX-Ray8_julia_annotations.csv"));
  const auto modelVersion = store.versions().current(*imageId, "chexmask");
  const auto juliaVersion = store.versions().current(*imageId, "julia");
  ASSERT_TRUE(modelVersion && juliaVersion);
  EXPECT_EQ(*modelVersion->data.landmarksModel, modelRows.at("00001437_024.png").landmarks);
  EXPECT_EQ(*modelVersion->data.rcaMax, *modelRows.at("00001437_024.png").rcaMax);
  EXPECT_EQ(*juliaVersion->data.landmarksModel, juliaRows.at("00001437_024.png").landmarks);
  EXPECT_EQ(juliaVersion->data.rleHeart, juliaRows.at("00001437_024.png").rleHeart);
  EXPECT_EQ(juliaVersion->source, VersionSource::ReaderCorrection);
  EXPECT_EQ(juliaVersion->parentId, modelVersion->id);
  EXPECT_FALSE(juliaVersion->data.rcaMean.has_value());
  EXPECT_EQ(store.reviews().status(*imageId, "julia"), ReviewStatus::Corrected);
  EXPECT_EQ(store.reviews().status(*imageId, "chexmask"), ReviewStatus::Pending);
}

TEST(CheXmaskImporterTest, ReimportAddsNothingAndKeepsHistory) {
  CXR_REQUIRE_SHARED("chexmask/VinDr-CXR.csv");
  TempDir dir("import-again");
  ReviewStore store(dir.file("r.db"));
  CheXmaskImporter importer(store);
  CsvImportOptions options;
  options.batchRows = 7;  // several batches, each its own transaction
  std::vector<std::int64_t> progress;
  options.progress = [&](std::int64_t rows) { progress.push_back(rows); };
  importer.importFile(csv("VinDr-CXR.csv"), options);
  EXPECT_EQ(progress.front(), 7);
  EXPECT_EQ(progress.back(), 50);
  const auto again = importer.importFile(csv("VinDr-CXR.csv"), options);
  EXPECT_EQ(again.versionsAdded, 0);
  EXPECT_EQ(again.versionsExisting, 50);
  EXPECT_EQ(store.status().versions, 50);
  EXPECT_TRUE(store.integrityCheck().empty());
}

TEST(CheXmaskImporterTest, PhysicianFileWithUnknownReaderNeedsAName) {
  CXR_REQUIRE_SHARED("chexmask/CheXpert_julia_annotations.csv");
  TempDir dir("import-reader");
  const std::string renamed = dir.file("corrections.csv");
  std::filesystem::copy_file(csv("CheXpert_julia_annotations.csv"), renamed);
  ReviewStore store(dir.file("r.db"));
  CheXmaskImporter importer(store);
  EXPECT_THROW(importer.importFile(renamed), StoreError);
  CsvImportOptions options;
  options.reader = "dr_who";
  const auto result = importer.importFile(renamed, options);
  EXPECT_EQ(result.rows, 56);
  EXPECT_EQ(result.dataset, "CheXpert");  // from the Dataset column
  EXPECT_EQ(store.reviews().imagesWithStatus(ReviewStatus::Corrected, "dr_who").size(), 56u);
}
