#include "tests/store/StoreTestUtil.h"

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

format::LandmarkSet ringLandmarks(double dx) {
  std::vector<double> xy;
  auto ring = [&](double cx, double cy, double rx, double ry, int n) {
    for (int i = 0; i < n; ++i) {
      xy.push_back(std::round(cx + dx + rx * std::cos(2 * M_PI * i / n)));
      xy.push_back(std::round(cy + ry * std::sin(2 * M_PI * i / n)));
    }
  };
  ring(300, 500, 120, 300, 44);
  ring(720, 500, 130, 310, 50);
  ring(540, 650, 150, 120, 26);
  return format::LandmarkSet::fromFlat(xy);
}

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
