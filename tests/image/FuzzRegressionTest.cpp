// Inputs found by fuzz/FuzzImage.cpp (libFuzzer + ASan) that crashed the loader. Each must now
// be an ImageError naming the file. The files are mutations of the CC0 Wikimedia JPEG seed.
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "tests/common/SharedData.h"
#include "tests/image/ImageTestUtil.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

// ITK 5.2's JPEGImageIO dereferenced a bad pointer in jpeg_destroy (SIGSEGV, also in the
// release build: `chexreview-cli info` died with 139) on these corrupt JPEGs; JPEG is now read
// through libjpeg directly with its errors caught (core/image/JpegReader.cpp).
TEST(ImageFuzzRegressionTest, CorruptJpegsThatCrashedItkAreErrors) {
  for (const char* name : {"fuzz-crash-jpeg-destroy-1.jpg", "fuzz-crash-jpeg-destroy-2.jpg"}) {
    const std::string path = (cxr::test::testDataDir() / "bad" / name).string();
    try {
      cxr::image::ImageLoader::load(path);
      ADD_FAILURE() << name << " loaded";
    } catch (const cxr::image::ImageError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind(path + ": cannot decode JPEG: ", 0), 0u) << what;
    }
  }
}

// fuzz_image (UBSan, 2026-11-30): a DICOM whose Pixel Data element is written with the explicit
// VR OD made DCMTK build a DcmOtherDouble, which the reader static_cast to DcmPixelData
// (undefined behaviour; the seed was a small explicit-VR DICOM). Any VR but OB/OW is now an
// error naming the file, the element and the VR.
TEST(ImageFuzzRegressionTest, PixelDataWithAnotherValueRepresentationIsAnError) {
  const auto dir = std::filesystem::temp_directory_path() / ("cxr-fuzz-vr-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* vr : {"OD", "OF", "UN", "LO"}) {
    const std::string path = (dir / (std::string("pixels-") + vr + ".dcm")).string();
    cxr::test::writeFile(path, cxr::test::HandMadeDicom("1.2.840.10008.1.2.1", 4, 4)
                                   .pixels(std::string(16, '\x40'), false, vr)
                                   .bytes());
    try {
      cxr::image::ImageLoader::load(path);
      ADD_FAILURE() << vr << " pixel data loaded";
    } catch (const cxr::image::ImageError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind(path + ": ", 0), 0u) << what;
      if (std::string(vr) != "UN") {  // DCMTK reads a UN Pixel Data element as OB: loads or fails on size
        EXPECT_NE(what.find(std::string("has value representation ") + vr), std::string::npos) << what;
      }
    }
  }
  std::filesystem::remove_all(dir);
}
