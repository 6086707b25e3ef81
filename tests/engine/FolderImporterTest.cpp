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

// Opening single files (chexreview FILE.dcm): the named files only, ids relative to the root,
// idempotent, unreadable files recorded, files outside the root refused before anything is stored.
TEST(FolderImporterTest, ImportsSingleFilesBelowARoot) {
  const fs::path dir = cxr::test::makeTempDir("file-import");
  const auto pngs = test::writeSyntheticFolder(dir / "a", 3);
  const auto dicomCase = cxr::image::SyntheticRadiograph::generate(78, {256, 240, 1.0});
  fs::create_directories(dir / "b");
  cxr::image::SyntheticRadiograph::writeDicom(dicomCase, (dir / "b" / "scan.dcm").string(), true);
  std::ofstream(dir / "b" / "broken.dcm") << "not DICOM";

  store::ReviewStore db((dir / "opened.cxrdb").string());
  NullProgressSink sink;
  FolderImportOptions options;
  options.dataset = "opened files";
  const std::vector<std::string> files{(dir / "b" / "scan.dcm").string(), pngs[1]};
  FolderImportResult r = FolderImporter(db).importFiles(dir.string(), files, options, sink, CancellationToken());
  EXPECT_EQ(r.dataset, "opened files");
  EXPECT_EQ(r.candidates, 2);
  EXPECT_EQ(r.imported, 2);
  EXPECT_EQ(r.failed, 0);
  const auto dataset = db.datasets().findByName("opened files");
  ASSERT_TRUE(dataset);
  ASSERT_EQ(db.images().imagesOfDataset(dataset->id).size(), 2u) << "only the named files, not their folders";
  const auto dicomId = db.datasets().imageByExternalId(dataset->id, "b/scan.dcm");
  ASSERT_TRUE(dicomId);
  EXPECT_EQ(db.images().find(*dicomId)->info.width, 256);
  EXPECT_TRUE(db.datasets().imageByExternalId(dataset->id, fs::path(pngs[1]).lexically_relative(dir).generic_string()));

  // Again, plus an unreadable file: nothing new for the first two, one recorded error.
  r = FolderImporter(db).importFiles(dir.string(), {files[0], files[1], (dir / "b" / "broken.dcm").string()}, options,
                                     sink, CancellationToken());
  EXPECT_EQ(r.imported, 2);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(db.images().imagesOfDataset(dataset->id).size(), 2u);
  ASSERT_EQ(db.imageErrors().list().size(), 1u);
  EXPECT_NE(db.imageErrors().list()[0].info.filePath.find("broken.dcm"), std::string::npos);

  EXPECT_THROW(FolderImporter(db).importFiles((dir / "a").string(), {files[0]}, options, sink, CancellationToken()),
               EngineError);
  EXPECT_EQ(db.images().imagesOfDataset(dataset->id).size(), 2u);
  fs::remove_all(dir);
}
