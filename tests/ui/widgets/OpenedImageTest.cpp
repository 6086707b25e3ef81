// `chexreview FILE` (the desktop entry's "Open with"): an image file goes into a review database
// as dataset "opened files"; a database file is recognised as one.
#include "ui/widgets/OpenedImage.h"

#include "core/image/SyntheticRadiograph.h"
#include "core/store/DatasetRepository.h"
#include "core/store/ImageRepository.h"
#include "core/store/ReviewStore.h"
#include "tests/common/SharedData.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using cxr::widgets::OpenedImage;

TEST(OpenedImageTest, ImportsOneDicomFileOnceUnderItsAbsolutePath) {
  const fs::path dir = cxr::test::makeTempDir("opened-image");
  const auto radiograph = cxr::image::SyntheticRadiograph::generate(5, {300, 280, 1.0});
  fs::create_directories(dir / "scans");
  const fs::path file = dir / "scans" / "chest.dcm";
  cxr::image::SyntheticRadiograph::writeDicom(radiograph, file.string(), true);
  cxr::image::SyntheticRadiograph::writeDicom(radiograph, (dir / "scans" / "other.dcm").string(), true);
  const std::string db = OpenedImage::defaultDatabase((dir / "data").string());
  EXPECT_EQ(fs::path(db).filename(), "opened-images.cxrdb");

  const std::string id = OpenedImage::import(db, file.string());
  EXPECT_EQ(id, fs::absolute(file).lexically_normal().relative_path().generic_string());
  EXPECT_EQ(OpenedImage::import(db, file.string()), id) << "opening it again finds the same image";
  {
    cxr::store::ReviewStore store(db);
    const auto dataset = store.datasets().findByName(OpenedImage::kDataset);
    ASSERT_TRUE(dataset);
    const auto images = store.images().imagesOfDataset(dataset->id);
    ASSERT_EQ(images.size(), 1u) << "only the opened file, not its folder";
    EXPECT_EQ(images[0].info.width, 300);
    EXPECT_EQ(images[0].info.height, 280);
    EXPECT_TRUE(store.datasets().imageByExternalId(dataset->id, id));
  }
  fs::remove_all(dir);
}

TEST(OpenedImageTest, AFileThatIsNoImageIsAnErrorNamingIt) {
  const fs::path dir = cxr::test::makeTempDir("opened-image-bad");
  std::ofstream(dir / "notes.dcm") << "not a DICOM file";
  const std::string db = (dir / "opened.cxrdb").string();
  try {
    OpenedImage::import(db, (dir / "notes.dcm").string());
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("notes.dcm"), std::string::npos) << e.what();
  }
  EXPECT_THROW(OpenedImage::import(db, (dir / "missing.dcm").string()), std::runtime_error);
  fs::remove_all(dir);
}

TEST(OpenedImageTest, TellsDatabasesFromImages) {
  const fs::path dir = cxr::test::makeTempDir("opened-image-kind");
  EXPECT_TRUE(OpenedImage::isReviewDatabase((dir / "new-study.cxrdb").string()));
  EXPECT_TRUE(OpenedImage::isReviewDatabase((dir / "study.DB").string()));
  { cxr::store::ReviewStore store((dir / "study-without-extension").string()); }
  EXPECT_TRUE(OpenedImage::isReviewDatabase((dir / "study-without-extension").string()));
  const auto radiograph = cxr::image::SyntheticRadiograph::generate(6, {64, 64, 1.0});
  cxr::image::SyntheticRadiograph::writeDicom(radiograph, (dir / "IM0001").string(), true);
  EXPECT_FALSE(OpenedImage::isReviewDatabase((dir / "IM0001").string()));
  EXPECT_FALSE(OpenedImage::isReviewDatabase((dir / "x.dcm").string()));
  fs::remove_all(dir);
}
