#include "core/store/WorklistRepository.h"

#include "core/format/CheXmaskCsvReader.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/ComparisonRepository.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionComparator.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

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

// The reader's total from the primary tables: their reviews and versions of the image.
double timeFromHistory(ReviewStore& store, RowId image, const std::string& reader) {
  double total = 0;
  for (const auto& r : store.reviews().history(image))
    if (r.info.reader == reader) total += r.info.timeSpentSeconds;
  for (const auto& v : store.versions().history(image))
    if (v.author == reader) total += v.timeSpentSeconds;
  return total;
}

/// The ChestX-Ray8 model file and both physicians' files, plus a third reader's work.
class RealWorklistTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* f : {"ChestX-Ray8.csv", "ChestX-Ray8_julia_annotations.csv",
                          "ChestX-Ray8_martina_annotations.csv"})
      if (!std::filesystem::exists(sharedData(std::string("chexmask/") + f)))
        GTEST_SKIP() << "SKIPPED: shared data not found: " << sharedData(std::string("chexmask/") + f);
    store = std::make_unique<ReviewStore>(dir.file("real.db"));
    CheXmaskImporter importer(*store);
    for (const char* f : {"ChestX-Ray8.csv", "ChestX-Ray8_julia_annotations.csv",
                          "ChestX-Ray8_martina_annotations.csv"})
      importer.importFile(csv(f), {});
    model = rowsById(csv("ChestX-Ray8.csv"));
    const RowId ds = store->datasets().findByName("ChestX-Ray8")->id;
    for (const auto& [id, row] : model) images.push_back(*store->datasets().imageByExternalId(ds, id));
  }

  TempDir dir{"worklist-real"};
  std::unique_ptr<ReviewStore> store;
  std::map<std::string, cxr::format::CheXmaskRow> model;
  std::vector<RowId> images;  // in CSV id order
};

}  // namespace

TEST_F(RealWorklistTest, EveryColumnOfTheImportedPhysicianWorkIsRight) {
  WorklistFilter julia;
  julia.reader = "julia";
  EXPECT_EQ(store->worklist().count(julia), 50);
  const auto rows = store->worklist().page(julia, {}, 0, 100);
  ASSERT_EQ(rows.size(), 50u);
  std::vector<std::string> ids;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.displayId);
    ids.push_back(row.displayId);
    ASSERT_TRUE(model.count(row.displayId));
    const auto& csvRow = model.at(row.displayId);
    const auto current = store->versions().current(row.imageId, "julia");
    ASSERT_TRUE(current.has_value());
    EXPECT_EQ(row.dataset, "ChestX-Ray8");
    EXPECT_EQ(row.status, ReviewStatus::Corrected);
    EXPECT_TRUE(row.edited);
    EXPECT_EQ(row.versionId, current->id);
    EXPECT_EQ(row.source, VersionSource::ReaderCorrection);
    EXPECT_EQ(row.versionAuthor, "julia");
    EXPECT_EQ(row.modelVersionId, store->versions().latestModelVersion(row.imageId));
    EXPECT_EQ(row.modelVersionId, current->parentId);
    EXPECT_EQ(row.rcaMean, csvRow.rcaMean);
    EXPECT_EQ(row.rcaMax, csvRow.rcaMax);
    EXPECT_FALSE(row.trueDice.has_value());
    EXPECT_EQ(row.timeSpentSeconds, timeFromHistory(*store, row.imageId, "julia"));
    EXPECT_FALSE(row.hasError);
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));  // default sort: display id
  EXPECT_EQ(store->worklist().datasetNames(), std::vector<std::string>{"ChestX-Ray8"});
}

TEST_F(RealWorklistTest, ANewReadersWorkTimeComparisonsRcaAndErrorsShowInTheirRows) {
  const RowId a = images[0], b = images[1], c = images[2], e = images[3], f = images[4];
  store->reviews().addReview({a, "mark", ReviewStatus::Accepted, "", 7.5, {}});
  const RowId modelB = *store->versions().latestModelVersion(b);
  NewVersion fix;
  fix.imageId = b;
  fix.source = VersionSource::ReaderCorrection;
  fix.parentId = modelB;
  fix.author = "mark";
  fix.timeSpentSeconds = 12.25;
  fix.data = store->versions().find(modelB)->data;
  fix.data.rcaMean.reset();
  fix.data.rcaMax.reset();
  (*fix.data.landmarksModel)[0].x += 2;
  const RowId markB = store->versions().addVersion(fix);
  store->reviews().addReview({b, "mark", ReviewStatus::Corrected, "", 3.0, markB});
  const ComparisonInfo dice = VersionComparator(*store).compare(modelB, markB);
  store->reviews().addReview({c, "mark", ReviewStatus::FlaggedOod, "lateral", 1.0, {}});
  store->imageErrors().record({e, std::nullopt, std::nullopt, "", "decode", "synthetic error"});
  const RowId modelF = *store->versions().latestModelVersion(f);
  store->rca().addResult({modelF, "{\"k\":3}", "[0.5]", 0.5, 0.625});
  const RowId juliaA = store->versions().current(a, "julia")->id;
  const ComparisonInfo juliaDice =
      VersionComparator(*store).compare(*store->versions().latestModelVersion(a), juliaA);

  WorklistFilter mark;
  mark.reader = "mark";
  std::map<RowId, WorklistRow> byImage;
  for (const auto& row : store->worklist().page(mark, {}, 0, 100)) byImage[row.imageId] = row;
  ASSERT_EQ(byImage.size(), 50u);
  EXPECT_EQ(byImage[a].status, ReviewStatus::Accepted);
  EXPECT_FALSE(byImage[a].edited);
  EXPECT_EQ(byImage[a].source, VersionSource::CsvImport);
  EXPECT_EQ(byImage[a].versionAuthor, "chexmask");
  EXPECT_EQ(byImage[a].timeSpentSeconds, 7.5);
  EXPECT_EQ(byImage[b].status, ReviewStatus::Corrected);
  EXPECT_TRUE(byImage[b].edited);
  EXPECT_EQ(byImage[b].versionId, markB);
  EXPECT_EQ(byImage[b].source, VersionSource::ReaderCorrection);
  EXPECT_EQ(byImage[b].versionAuthor, "mark");
  EXPECT_EQ(byImage[b].modelVersionId, modelB);
  EXPECT_EQ(byImage[b].timeSpentSeconds, 15.25);  // the version's 12.25 s + the review's 3 s
  EXPECT_EQ(byImage[b].trueDice, dice.diceGT);
  EXPECT_EQ(byImage[c].status, ReviewStatus::FlaggedOod);
  EXPECT_TRUE(byImage[e].hasError);
  EXPECT_EQ(byImage[f].rcaMean, 0.5);  // the latest rca_results beats the imported value
  EXPECT_EQ(byImage[f].rcaMax, 0.625);
  for (const RowId other : {images[5], images[6]}) {
    EXPECT_EQ(byImage[other].status, ReviewStatus::Pending);
    EXPECT_EQ(byImage[other].versionId, byImage[other].modelVersionId);
    EXPECT_EQ(byImage[other].timeSpentSeconds, 0.0);
    EXPECT_FALSE(byImage[other].hasError);
  }
  WorklistFilter julia;
  julia.reader = "julia";
  julia.imageIds = {a};
  EXPECT_EQ(store->worklist().page(julia, {}, 0, 10).at(0).trueDice, juliaDice.diceGT);

  mark.statuses = {ReviewStatus::Accepted, ReviewStatus::FlaggedOod};
  EXPECT_EQ(store->worklist().count(mark), 2);
  mark.statuses = {ReviewStatus::Pending};
  EXPECT_EQ(store->worklist().count(mark), 47);
  WorklistFilter nobody;  // no reader: everything Pending, the model's version shown
  const auto anyRow = store->worklist().page(nobody, {WorklistColumn::Status, true}, 0, 100);
  ASSERT_EQ(anyRow.size(), 50u);
  for (const auto& row : anyRow) {
    EXPECT_EQ(row.status, ReviewStatus::Pending);
    EXPECT_EQ(row.versionId, row.modelVersionId);
    EXPECT_EQ(row.timeSpentSeconds, 0.0);
  }
  const auto [maintained, rebuilt] = summaryAsMaintainedAndRebuilt(*store);
  EXPECT_EQ(maintained, rebuilt);
}

TEST(WorklistRepositoryTest, DataVersionGrowsWithWritesFromAnotherConnection) {
  TempDir dir("worklist-data-version");
  const std::string path = dir.file("shared.db");
  ReviewStore viewer(path);
  ReviewStore writer(path);
  const RowId image = addImageByKey(writer, "case-1");
  const std::int64_t afterImage = viewer.dataVersion();
  EXPECT_EQ(viewer.dataVersion(), afterImage);  // reading changes nothing
  writer.reviews().addReview({image, "julia", ReviewStatus::Rejected, "", 2.0, {}});
  const std::int64_t afterReview = viewer.dataVersion();
  EXPECT_GT(afterReview, afterImage);
  WorklistFilter julia;
  julia.reader = "julia";
  EXPECT_EQ(viewer.worklist().page(julia, {}, 0, 10).at(0).status, ReviewStatus::Rejected);
  NewVersion v;
  v.imageId = image;
  v.source = VersionSource::CsvImport;
  v.author = "chexmask";
  v.data = segmentation(ringLandmarks());
  const RowId version = writer.versions().addVersion(v);
  EXPECT_GT(viewer.dataVersion(), afterReview);
  const std::int64_t afterVersion = viewer.dataVersion();
  writer.rca().addResult({version, "{}", "[]", 0.25, 0.5});
  EXPECT_GT(viewer.dataVersion(), afterVersion);
  StoreOptions readOnly;
  readOnly.readOnly = true;
  ReviewStore reader(path, readOnly);
  EXPECT_EQ(reader.dataVersion(), viewer.dataVersion());
}

TEST(WorklistRepositoryTest, PageAfterAnUnknownImageIsAnError) {
  TempDir dir("worklist-unknown");
  ReviewStore store(dir.file("w.db"));
  EXPECT_THROW(store.worklist().pageAfter({}, {}, 42, 10), StoreError);
  EXPECT_TRUE(store.worklist().page({}, {}, 0, 10).empty());
  EXPECT_EQ(store.worklist().count({}), 0);
  EXPECT_FALSE(store.worklist().rowOf({}, {}, 42).has_value());
}
