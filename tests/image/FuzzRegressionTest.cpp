// Inputs found by fuzz/FuzzImage.cpp (libFuzzer + ASan) that crashed the loader. Each must now
// be an ImageError naming the file. The files are mutations of the CC0 Wikimedia JPEG seed.
#include "core/image/ImageError.h"
#include "core/image/ImageLoader.h"
#include "tests/common/SharedData.h"

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
