#include "core/store/SchemaMigrator.h"

#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
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
