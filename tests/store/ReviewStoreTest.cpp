#include "core/store/ReviewStore.h"

#include "core/format/Rasterizer.h"
#include "core/format/Rle.h"
#include "core/store/CheXmaskImporter.h"
#include "core/store/DatasetRepository.h"
#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/SchemaMigrator.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/common/SharedData.h"
#include "tests/store/StoreTestUtil.h"
#include "tests/store/WorklistFixture.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>

using namespace cxr::store;
using cxr::store::test::TempDir;
using cxr::store::test::addImageByKey;

namespace {


std::string errorOf(const std::string& path, const StoreOptions& options = {}) {
  try {
    ReviewStore store(path, options);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ReviewStoreTest, CreatesPrivateWalDatabaseAtCurrentSchema) {
  TempDir dir("store-create");
  const std::string path = dir.file("review.db");
  ReviewStore store(path);
  EXPECT_EQ(store.schemaVersion(), kCurrentSchemaVersion);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  addImageByKey(store, "a");
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));  // WAL journal in use
  EXPECT_TRUE(store.integrityCheck().empty());
}

TEST(ReviewStoreTest, ReopenedDatabaseKeepsItsRows) {
  TempDir dir("store-reopen");
  const std::string path = dir.file("review.db");
  {
    ReviewStore store(path);
    addImageByKey(store, "first");
    addImageByKey(store, "second");
  }
  ReviewStore again(path);
  EXPECT_EQ(again.status().images, 2);
  EXPECT_TRUE(again.images().findByKey("second").has_value());
}

TEST(ReviewStoreTest, GarbageFileIsRejectedWithClearMessage) {
  TempDir dir("store-garbage");
  const std::string path = dir.file("not-a-db.db");
  std::ofstream(path) << std::string(8192, 'x');
  const std::string message = errorOf(path);
  EXPECT_NE(message.find("not-a-db.db"), std::string::npos) << message;
  EXPECT_NE(message.find("not a valid SQLite database or is corrupt"), std::string::npos) << message;
  EXPECT_EQ(message.find("SELECT"), std::string::npos) << message;
}

TEST(ReviewStoreTest, DamagedPagesFailTheIntegrityCheckOnOpenWhenAsked) {
  TempDir dir("store-corrupt");
  const std::string path = dir.file("review.db");
  {
    ReviewStore store(path);
    for (int i = 0; i < 400; ++i) addImageByKey(store, "image-with-a-long-natural-key-" + std::to_string(i));
  }
  ASSERT_FALSE(std::filesystem::exists(path + "-wal") &&
               std::filesystem::file_size(path + "-wal") > 0);
  // Overwrite the middle of the file (index and table pages), keep the header intact.
  const auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 16384u);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string junk(8192, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  StoreOptions check;
  check.checkIntegrity = true;
  const std::string message = errorOf(path, check);
  ASSERT_FALSE(message.empty()) << "a damaged database opened without error";
  EXPECT_NE(message.find("review.db"), std::string::npos) << message;
  EXPECT_TRUE(message.find("integrity check") != std::string::npos ||
              message.find("corrupt") != std::string::npos)
      << message;
}

TEST(ReviewStoreTest, OpeningALargeDatabaseReadsOnlyTheSchemaAndIntegrityCheckFindsDamage) {
  TempDir dir("store-large-open");
  const std::string path = dir.file("large.db");
  cxr::store::test::WorklistFixture::generate(path, 50000);
  std::int64_t rootPage = 0, pageSize = 0, pages = 0;
  {
    ReviewStore store(path);
    Statement st(store.connection(),
                 "SELECT rootpage FROM sqlite_master WHERE name = 'image_summary_by_display_id'");
    ASSERT_TRUE(st.step());
    rootPage = st.int64At(0);
    pageSize = store.connection().queryInt64("PRAGMA page_size");
    pages = store.connection().queryInt64("PRAGMA page_count");
  }
  ASSERT_GT(pages, 2000) << "the generated database is too small to tell a full scan apart";
  // Damage one whole page of an index in the middle of the file (its root page).
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>((rootPage - 1) * pageSize));
    const std::string junk(static_cast<std::size_t>(pageSize), '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  ReviewStore store(path);  // no full scan: the damage goes unnoticed here
  int misses = 0, highWater = 0;
  ASSERT_EQ(sqlite3_db_status(store.connection().handle(), SQLITE_DBSTATUS_CACHE_MISS, &misses,
                              &highWater, 0), SQLITE_OK);
  EXPECT_LT(misses, 50) << "opening read " << misses << " of " << pages << " pages";
  EXPECT_EQ(store.status().images, 50000);  // tables not behind the damaged index still read
  const auto problems = store.integrityCheck();
  EXPECT_FALSE(problems.empty()) << "integrityCheck() missed a damaged index page";
  StoreOptions check;
  check.checkIntegrity = true;
  EXPECT_THROW(ReviewStore(path, check), StoreError);
}

TEST(ReviewStoreTest, MissingFileWithoutCreateIsAnError) {
  TempDir dir("store-missing");
  StoreOptions options;
  options.create = false;
  const std::string message = errorOf(dir.file("absent.db"), options);
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
}

TEST(ReviewStoreTest, ReadOnlyReaderSeesWriterCommits) {
  TempDir dir("store-readers");
  const std::string path = dir.file("review.db");
  ReviewStore writer(path);
  StoreOptions ro;
  ro.readOnly = true;
  ReviewStore reader(path, ro);
  EXPECT_EQ(reader.status().images, 0);
  addImageByKey(writer, "x");
  EXPECT_EQ(reader.status().images, 1);
  ImageRegistration reg;
  reg.fallbackKey = "y";
  EXPECT_THROW(reader.images().registerImage(reg), StoreError);
}

TEST(ReviewStoreTest, SaveCorrectionOfTheNihCaseRasterisesMasksAndRecordsTheReview) {
  CXR_REQUIRE_SHARED("chexmask/ChestX-Ray8.csv");
  TempDir dir("store-correct");
  ReviewStore store(dir.file("r.db"));
  CheXmaskImporter(store).importFile(cxr::test::sharedData("chexmask/ChestX-Ray8.csv").string());
  const auto ds = store.datasets().findByName("ChestX-Ray8");
  const RowId image = *store.datasets().imageByExternalId(ds->id, "00001437_024.png");
  const auto model = store.versions().current(image, "chexmask");
  ASSERT_TRUE(model.has_value());
  // The released model masks are the CheXmask rasterisation of its landmarks.
  const auto& original = *model->data.landmarksModel;
  EXPECT_EQ(cxr::format::Rle::encode(cxr::format::Rasterizer::organMask(
                original, cxr::format::Organ::Heart, 1024, 1024)),
            model->data.rleHeart);

  cxr::format::LandmarkSet moved = original;
  for (int i = 94; i < 120; ++i) moved[i].x += 6;  // heart 6 px to the image right
  const RowId id = store.saveCorrection(model->id, moved, "julia", 31.5, "heart border");
  const auto corrected = store.versions().current(image, "julia");
  ASSERT_TRUE(corrected.has_value());
  EXPECT_EQ(corrected->id, id);
  EXPECT_EQ(corrected->parentId, model->id);
  EXPECT_EQ(*corrected->data.landmarksModel, moved);
  EXPECT_EQ(corrected->data.rleRightLung, model->data.rleRightLung);
  EXPECT_NE(corrected->data.rleHeart, model->data.rleHeart);
  EXPECT_EQ(cxr::format::Rle::encode(cxr::format::Rasterizer::organMask(
                moved, cxr::format::Organ::Heart, 1024, 1024)),
            corrected->data.rleHeart);
  const auto review = store.reviews().latest(image, "julia");
  ASSERT_TRUE(review.has_value());
  EXPECT_EQ(review->info.status, ReviewStatus::Corrected);
  EXPECT_EQ(review->info.versionId, id);
  EXPECT_EQ(review->info.timeSpentSeconds, 31.5);
  // The model's version is untouched and still the model reader's current one.
  EXPECT_EQ(store.versions().current(image, "chexmask")->id, model->id);
  EXPECT_THROW(store.saveCorrection(999999, moved, "julia"), StoreError);
}
