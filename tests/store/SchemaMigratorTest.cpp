#include "core/store/SchemaMigrator.h"

#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace cxr::store;
using cxr::store::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string copyFixture(const TempDir& dir, const std::string& name) {
  const fs::path fixture = cxr::test::testDataDir() / "store" / name;
  const std::string target = dir.file(name);
  fs::copy_file(fixture, target);
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  return target;
}

}  // namespace

TEST(SchemaMigratorTest, UpgradesV1FixtureKeepingCorrections) {
  TempDir dir("migrate-v1");
  const std::string path = copyFixture(dir, "v1.sqlite");
  ReviewStore store(path);
  EXPECT_EQ(store.schemaVersion(), kCurrentSchemaVersion);
  ASSERT_TRUE(fs::exists(SchemaMigrator::backupPath(path, 1)));
  EXPECT_TRUE(store.integrityCheck().empty());

  const auto image = store.images().findByKey("Synthetic:case_001.png");
  ASSERT_TRUE(image.has_value());
  const auto julia = store.versions().current(image->id, "julia");
  ASSERT_TRUE(julia.has_value());
  EXPECT_EQ(julia->source, VersionSource::ReaderCorrection);
  EXPECT_EQ(julia->note, "moved right lung 3 px");
  ASSERT_TRUE(julia->parentId.has_value());
  const auto model = store.versions().current(image->id, "chexmask");
  ASSERT_TRUE(model.has_value());
  EXPECT_EQ(*julia->parentId, model->id);
  EXPECT_EQ(*model->data.rcaMean, 0.8125);
  // The correction moved the right lung (points 0-43) by 3 px and nothing else.
  const auto& a = *model->data.landmarksModel;
  const auto& b = *julia->data.landmarksModel;
  EXPECT_EQ(b[0].x, a[0].x + 3);
  EXPECT_EQ(b[50], a[50]);
  EXPECT_EQ(store.reviews().status(image->id, "julia"), ReviewStatus::Corrected);
  EXPECT_EQ(store.reviews().latest(image->id, "julia")->info.timeSpentSeconds, 42.5);

  // v1 content keys stay valid: the same correction saved again is recognised, not duplicated.
  NewVersion again;
  again.imageId = image->id;
  again.source = VersionSource::ReaderCorrection;
  again.author = "julia";
  again.data = julia->data;
  bool created = true;
  EXPECT_EQ(store.versions().addVersion(again, true, &created), julia->id);
  EXPECT_FALSE(created);
  // v2 features work on the upgraded file.
  again.data.rleHeart = "3001 41";
  again.latent = {0.5f, -1.25f};
  const RowId added = store.versions().addVersion(again);
  EXPECT_EQ(store.versions().find(added)->latent, again.latent);
}

namespace {

// One row of a summary table as text, via the same quoting as summaryDump.
std::string row(ReviewStore& store, const char* sql) {
  Statement st(store.connection(), sql);
  return st.step() ? st.textAt(0) : "<none>";
}

}  // namespace

TEST(SchemaMigratorTest, UpgradesV2FixtureKeepingDataAndFillingTheSummaries) {
  TempDir dir("migrate-v2");
  const std::string path = copyFixture(dir, "v2.sqlite");
  ReviewStore store(path);
  EXPECT_EQ(store.schemaVersion(), kCurrentSchemaVersion);
  ASSERT_TRUE(fs::exists(SchemaMigrator::backupPath(path, 2)));
  EXPECT_TRUE(store.integrityCheck().empty());

  // Primary data survives.
  const auto image = store.images().findByKey("Synthetic:case_001.png");
  ASSERT_TRUE(image.has_value());
  const auto julia = store.versions().current(image->id, "julia");
  ASSERT_TRUE(julia.has_value());
  EXPECT_EQ(julia->note, "moved right lung");
  EXPECT_EQ(julia->timeSpentSeconds, 0.0);  // the new column's default
  EXPECT_EQ(store.versions().current(image->id, "hybridgnet")->latent,
            (std::vector<float>{0.5f, -1.25f, 2.0f, 0.0f}));
  EXPECT_EQ(store.reviews().status(image->id, "julia"), ReviewStatus::Corrected);
  EXPECT_EQ(store.rca().forVersion(2).size(), 1u);
  const StoreStatus counts = store.status();
  EXPECT_EQ(counts.images, 3);
  EXPECT_EQ(counts.versions, 4);
  EXPECT_EQ(counts.reviews, 3);
  EXPECT_EQ(counts.comparisons, 1);
  EXPECT_EQ(counts.imageErrors, 1);

  // Backfilled summaries: first dataset (smallest id) gives the display id; RCA of the newest
  // model version from rca_results, else imported; errors; the reader's latest status, summed
  // time, current version and the stored model-vs-correction Dice.
  EXPECT_EQ(row(store, "SELECT display_id || '|' || dataset_name || '|' || mapping_count || '|' || "
                       "model_version_id || '|' || model_source || '|' || rca_mean || '|' || "
                       "rca_max || '|' || has_error FROM image_summary WHERE image_id = 1"),
            "a_001.png|Alpha|2|2|0|0.75|0.875|0");
  EXPECT_EQ(row(store, "SELECT display_id || '|' || dataset_name || '|' || model_version_id || '|' || "
                       "model_source || '|' || quote(rca_mean) || '|' || has_error "
                       "FROM image_summary WHERE image_id = 2"),
            "b_002.png|Beta|4|1|NULL|1");
  EXPECT_EQ(row(store, "SELECT display_id || '|' || dataset_name || '|' || quote(model_version_id) "
                       "FROM image_summary WHERE image_id = 3"),
            "Synthetic:case_003.png||NULL");
  EXPECT_EQ(row(store, "SELECT status_code || '|' || time_spent || '|' || current_version_id || '|' || "
                       "current_source || '|' || true_dice FROM reader_state "
                       "WHERE image_id = 1 AND reader_id = 2"),
            "2|52.5|3|2|0.9375");
  EXPECT_EQ(row(store, "SELECT status_code || '|' || time_spent || '|' || quote(current_version_id) "
                       "FROM reader_state WHERE image_id = 2 AND reader_id = 2"),
            "4|7.0|NULL");
  EXPECT_EQ(row(store, "SELECT status_code || '|' || current_version_id || '|' || current_source "
                       "FROM reader_state WHERE image_id = 1 AND reader_id = 1"),
            "0|1|1");
  EXPECT_GE(store.dataVersion(), 1);

  // v2 content keys (with a latent) stay valid.
  const auto model = store.versions().find(2);
  NewVersion again;
  again.imageId = image->id;
  again.source = VersionSource::ModelRun;
  again.author = "hybridgnet";
  again.modelId = model->modelId;
  again.latent = model->latent;
  again.data = model->data;
  bool created = true;
  EXPECT_EQ(store.versions().addVersion(again, true, &created), 2);
  EXPECT_FALSE(created);

  // v3 features work, and the triggers keep the backfilled rows right.
  const std::int64_t before = store.dataVersion();
  store.rca().addResult({4, "{}", "[0.5]", 0.5, 0.625});
  EXPECT_GT(store.dataVersion(), before);
  store.preprocess().put(image->id, PreprocessGeometry{1024, 2000, 1800, 1, 2, 3, 4, 5, 6, 1997});
  EXPECT_EQ(store.preprocess().find(image->id)->squareSide, 1997);
  const auto [maintained, rebuilt] = cxr::store::test::summaryAsMaintainedAndRebuilt(store);
  EXPECT_EQ(maintained, rebuilt);
  EXPECT_NE(maintained.find("image 2|'b_002.png'|2|'Beta'|1|4|1|0.5|0.625|1"), std::string::npos)
      << maintained;
}

TEST(SchemaMigratorTest, ReopeningAnUpgradedFileMakesNoNewBackup) {
  TempDir dir("migrate-twice");
  const std::string path = copyFixture(dir, "v1.sqlite");
  { ReviewStore store(path); }
  fs::remove(SchemaMigrator::backupPath(path, 1));
  ReviewStore again(path);
  EXPECT_FALSE(fs::exists(SchemaMigrator::backupPath(path, 1)));
  EXPECT_FALSE(fs::exists(SchemaMigrator::backupPath(path, 2)));
}

TEST(SchemaMigratorTest, RefusesDatabaseFromNewerProgram) {
  TempDir dir("migrate-newer");
  const std::string path = dir.file("future.db");
  {
    ReviewStore store(path);
    store.connection().execScript("PRAGMA user_version=99", "test");
  }
  try {
    ReviewStore store(path);
    FAIL() << "a newer schema was accepted";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST(SchemaMigratorTest, ReadOnlyOpenOfOldSchemaAsksForUpgrade) {
  TempDir dir("migrate-ro");
  const std::string path = copyFixture(dir, "v1.sqlite");
  StoreOptions ro;
  ro.readOnly = true;
  EXPECT_THROW(ReviewStore(path, ro), StoreError);
}
