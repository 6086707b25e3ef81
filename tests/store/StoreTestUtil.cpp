#include "tests/store/StoreTestUtil.h"

#include "tests/common/EllipseLandmarks.h"
#include "tests/common/SharedData.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace cxr::store::test {

TempDir::TempDir(const std::string& tag) : path(cxr::test::makeTempDir(tag)) {}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

format::LandmarkSet ringLandmarks(double dx) { return cxr::test::ellipseLandmarks(dx); }

SegmentationData segmentation(const format::LandmarkSet& landmarks, const std::string& tag) {
  SegmentationData d;
  d.landmarksModel = landmarks;
  d.rleRightLung = tag;
  d.rleLeftLung = "2001 5";
  d.rleHeart = "3001 7";
  return d;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace cxr::store::test
