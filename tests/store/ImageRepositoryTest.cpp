#include "core/store/ImageRepository.h"

#include "core/store/DatasetRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/StoreError.h"
#include "core/store/VersionRepository.h"
#include "tests/store/StoreTestUtil.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace cxr::store;
using namespace cxr::store::test;

TEST(ImageRepositoryTest, RegistrationIsIdempotentOnTheNaturalKey) {
  TempDir dir("images-key");
  ReviewStore store(dir.file("r.db"));
  ImageRegistration dicom;
  dicom.patient = {"P1", "Doe^Jane", "19700101", "F"};
  dicom.study = {"1.2.3", "20240101", "101010", "Chest", "ACC1"};
  dicom.series = {"1.2.3.4", "DX", "PA chest", 1};
  dicom.image.sopInstanceUid = "1.2.3.4.5";
  dicom.image.viewPosition = "PA";
  dicom.image.width = 2048;
  const RowId id = store.images().registerImage(dicom);
  EXPECT_EQ(store.images().registerImage(dicom), id);
  const auto record = store.images().find(id);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->imageKey, "1.2.3.4.5");
  EXPECT_EQ(record->patientId, "P1");
  EXPECT_EQ(record->seriesInstanceUid, "1.2.3.4");
  EXPECT_EQ(record->info.viewPosition, "PA");
  EXPECT_EQ(store.status().patients, 1);

  ImageRegistration none;
  EXPECT_THROW(store.images().registerImage(none), StoreError);
}

TEST(ImageRepositoryTest, FilePathsAreStoredRelativeToTheDatabaseFolder) {
  TempDir dir("images-path");
  std::filesystem::create_directories(dir.path / "imgs");
  const std::string file = dir.file("imgs/a.png");
  std::ofstream(file) << "pixels";
  ReviewStore store(dir.file("r.db"));
  ImageRegistration reg;
  reg.image.filePath = file;
  reg.image.fileSha256 = "abc123";
  const RowId id = store.images().registerImage(reg);
  const auto record = store.images().find(id);
  EXPECT_EQ(record->info.filePath, "imgs/a.png");
  EXPECT_EQ(record->imageKey, "sha256:abc123");
  EXPECT_EQ(store.images().absolutePath(*record), file);
  EXPECT_EQ(store.images().findBySha256("abc123")->id, id);
}

TEST(ImageRepositoryTest, ResumeQueryListsOnlyImagesTheModelHasNotDone) {
  TempDir dir("images-resume");
  ReviewStore store(dir.file("r.db"));
  const RowId ds = store.datasets().ensureDataset({"folder1", "folder", "/data", "", {}, ""});
  const RowId model = store.models().registerModel({"hybridgnet", "deadbeef", "{}", 1024});
  std::vector<RowId> ids;
  for (int i = 0; i < 5; ++i) {
    ImageRegistration reg;
    reg.fallbackKey = "img" + std::to_string(i);
    ids.push_back(store.images().registerImage(reg));
    store.datasets().addImage(ds, ids.back(), "img" + std::to_string(i) + ".png", i);
  }
  for (int i : {1, 3}) {
    NewVersion v;
    v.imageId = ids[static_cast<size_t>(i)];
    v.source = VersionSource::ModelRun;
    v.modelId = model;
    v.author = "hybridgnet";
    v.data = segmentation(ringLandmarks());
    store.versions().addVersion(v);
  }
  const auto todo = store.images().imagesWithoutVersionFromModel(ds, model);
  ASSERT_EQ(todo.size(), 3u);
  EXPECT_EQ(todo[0].id, ids[0]);
  EXPECT_EQ(todo[1].id, ids[2]);
  EXPECT_EQ(todo[2].id, ids[4]);
  EXPECT_EQ(store.images().imagesOfDataset(ds).size(), 5u);
  EXPECT_EQ(store.datasets().externalId(ds, ids[3]), "img3.png");
}
