#include "core/engine/FolderImporter.h"

#include "core/engine/EngineError.h"
#include "core/image/SyntheticRadiograph.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageErrorRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"
#include "tests/engine/EngineTestSupport.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace cxr::engine;
namespace fs = std::filesystem;
namespace store = cxr::store;

TEST(FolderImporterTest, ImportsNestedImagesOnceAndRecordsBrokenFiles) {
  const fs::path dir = cxr::test::makeTempDir("folder-import");
  const fs::path images = dir / "study";
  test::writeSyntheticFolder(images, 6);
  const auto dicomCase = cxr::image::SyntheticRadiograph::generate(77, {256, 240, 1.0});
  fs::create_directories(images / "dicom" / "deep");
  cxr::image::SyntheticRadiograph::writeDicom(dicomCase, (images / "dicom" / "deep" / "IM0001").string(), true);
  std::ofstream(images / "notes.txt") << "not an image";
  std::ofstream(images / "README") << "extension-less text";
  std::ofstream(images / "broken.png") << "truncated";
  fs::create_directories(images / ".cache");
  std::ofstream(images / ".cache" / "x.png") << "hidden";

  store::ReviewStore db((dir / "review.db").string());
  NullProgressSink sink;
  FolderImportResult r = FolderImporter(db).importFolder(images.string(), {}, sink, CancellationToken());
  EXPECT_EQ(r.dataset, "study");
  EXPECT_EQ(r.candidates, 9);  // 6 png + IM0001 + README + broken.png
  EXPECT_EQ(r.imported, 7);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(r.notImages, 1);
  const auto dataset = db.datasets().findByName("study");
  ASSERT_TRUE(dataset);
  const auto members = db.images().imagesOfDataset(dataset->id);
  ASSERT_EQ(members.size(), 7u);
  bool sawDicom = false;
  for (const auto& image : members) {
    EXPECT_FALSE(fs::path(image.info.filePath).is_absolute()) << "paths are stored relative to the database";
    EXPECT_TRUE(fs::exists(db.images().absolutePath(image)));
    EXPECT_EQ(image.info.fileSha256.size(), 64u);
    if (image.info.sopInstanceUid.empty()) continue;
    sawDicom = true;
    EXPECT_EQ(image.info.width, 256);
    EXPECT_EQ(image.info.height, 240);
    EXPECT_EQ(image.info.photometric, "MONOCHROME1");
    EXPECT_EQ(db.datasets().externalId(dataset->id, image.id), "dicom/deep/IM0001");
  }
  EXPECT_TRUE(sawDicom);
  const auto errors = db.imageErrors().list();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].info.stage, "import");
  EXPECT_NE(errors[0].info.message.find("broken.png"), std::string::npos);

  // A second import registers nothing new.
  r = FolderImporter(db).importFolder(images.string(), {}, sink, CancellationToken());
  EXPECT_EQ(r.imported, 7);
  EXPECT_EQ(db.images().count(), 7);
  EXPECT_EQ(db.imageErrors().list().size(), 1u);
  fs::remove_all(dir);
}

TEST(FolderImporterTest, RegistersTheRealNihImageWithItsSize) {
  CXR_REQUIRE_SHARED("images/nih/00001437_024.png");
  const fs::path dir = cxr::test::makeTempDir("folder-import-nih");
  store::ReviewStore db((dir / "review.db").string());
  NullProgressSink sink;
  FolderImportOptions options;
  options.dataset = "nih";
  const FolderImportResult r = FolderImporter(db).importFolder(cxr::test::sharedData("images/nih").string(),
                                                               options, sink, CancellationToken());
  EXPECT_EQ(r.imported, 2);
  EXPECT_EQ(r.failed, 0);
  const auto dataset = db.datasets().findByName("nih");
  ASSERT_TRUE(dataset);
  const auto id = db.datasets().imageByExternalId(dataset->id, "00001437_024.png");
  ASSERT_TRUE(id);
  const auto image = db.images().find(*id);
  EXPECT_EQ(image->info.width, 1024);
  EXPECT_EQ(image->info.height, 1024);
  EXPECT_EQ(image->info.fileSize, int64_t(fs::file_size(cxr::test::sharedData("images/nih/00001437_024.png"))));
  fs::remove_all(dir);
}

TEST(FolderImporterTest, MissingFolderIsAClearError) {
  EXPECT_THROW(FolderImporter::listCandidates("/nonexistent/folder"), EngineError);
}
