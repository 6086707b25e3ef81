#include "core/store/VersionRepository.h"

#include "core/store/AuditLog.h"
#include "core/store/Connection.h"
#include "core/store/ImageRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

using namespace cxr::store;
using namespace cxr::store::test;

namespace {

struct Fixture {
  TempDir dir{"versions"};
  ReviewStore store{dir.file("r.db")};
  RowId image = 0;
  Fixture() {
    image = addImageByKey(store, "case");
  }
  NewVersion version(const std::string& author, VersionSource source, double dx) {
    return ringVersion(image, author, source, dx);
  }
};

}  // namespace

TEST(VersionRepositoryTest, CorrectionsAppendAndMoveOnlyTheirReadersPointer) {
  Fixture f;
  const RowId base = f.store.versions().addVersion(f.version("chexmask", VersionSource::CsvImport, 0));
  auto first = f.version("julia", VersionSource::ReaderCorrection, 2);
  first.parentId = base;
  const RowId c1 = f.store.versions().addVersion(first);
  auto second = f.version("julia", VersionSource::ReaderCorrection, 5);
  second.parentId = c1;
  const RowId c2 = f.store.versions().addVersion(second);
  EXPECT_EQ(f.store.versions().history(f.image).size(), 3u);
  EXPECT_EQ(f.store.versions().current(f.image, "julia")->id, c2);
  EXPECT_EQ(f.store.versions().current(f.image, "chexmask")->id, base);
  EXPECT_EQ((*f.store.versions().find(c1)->data.landmarksModel)[0].x, ringLandmarks(2)[0].x);
  // The pointer move is audited (from -> to).
  const auto audit = f.store.audit().latest(1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].fromValue, "julia:" + std::to_string(c1));
  EXPECT_EQ(audit[0].toValue, "julia:" + std::to_string(c2));
  f.store.versions().setCurrent(f.image, "julia", c1, "julia");
  EXPECT_EQ(f.store.versions().current(f.image, "julia")->id, c1);
}

TEST(VersionRepositoryTest, StoredVersionsCannotBeModifiedOrDeleted) {
  Fixture f;
  const RowId id = f.store.versions().addVersion(f.version("julia", VersionSource::ReaderCorrection, 0));
  Statement update(f.store.connection(), "UPDATE segmentation_versions SET rle_heart = '' WHERE id = ?");
  update.bind(1, id);
  EXPECT_THROW(update.run(), StoreError);
  Statement del(f.store.connection(), "DELETE FROM segmentation_versions WHERE id = ?");
  del.bind(1, id);
  EXPECT_THROW(del.run(), StoreError);
  EXPECT_EQ(f.store.versions().find(id)->data.rleHeart, "3001 7");
}

TEST(VersionRepositoryTest, IdenticalContentIsStoredOnce) {
  Fixture f;
  bool created = false;
  const RowId a = f.store.versions().addVersion(f.version("julia", VersionSource::ReaderCorrection, 1), true, &created);
  EXPECT_TRUE(created);
  const RowId b = f.store.versions().addVersion(f.version("julia", VersionSource::ReaderCorrection, 1), true, &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(a, b);
  // Same landmarks by another reader is another version.
  EXPECT_NE(f.store.versions().addVersion(f.version("martina", VersionSource::ReaderCorrection, 1)), a);
  EXPECT_EQ(f.store.versions().count(), 2);
}

TEST(VersionRepositoryTest, ModelRunKeepsModelAndLatentAndNeedsAModel) {
  Fixture f;
  auto v = f.version("hybridgnet", VersionSource::ModelRun, 0);
  EXPECT_THROW(f.store.versions().addVersion(v), StoreError);
  v.modelId = f.store.models().registerModel({"hybridgnet", "cafe", R"({"k":6})", 1024});
  v.latent.assign(64, 0.25f);
  v.latent[3] = -7.5f;
  v.data.landmarksOriginal = ringLandmarks(1);
  const RowId id = f.store.versions().addVersion(v);
  const auto stored = f.store.versions().find(id);
  EXPECT_EQ(stored->modelId, v.modelId);
  EXPECT_EQ(stored->latent, v.latent);
  EXPECT_EQ(*stored->data.landmarksOriginal, ringLandmarks(1));
  EXPECT_TRUE(f.store.versions().hasVersionFromModel(f.image, *v.modelId));
  NewVersion missing = v;
  missing.data.landmarksModel.reset();
  missing.data.landmarksOriginal.reset();
  EXPECT_THROW(f.store.versions().addVersion(missing), StoreError);
  NewVersion unknownImage = v;
  unknownImage.imageId = 999;
  EXPECT_THROW(f.store.versions().addVersion(unknownImage), StoreError);
}
