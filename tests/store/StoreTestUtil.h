#pragma once

#include "core/store/StoreTypes.h"

#include <filesystem>
#include <string>

namespace cxr::store::test {

/// A temporary folder removed when the object goes out of scope.
struct TempDir {
  explicit TempDir(const std::string& tag);
  ~TempDir();
  std::filesystem::path path;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// Synthetic but valid landmarks: three ellipse rings, shifted by `dx`.
format::LandmarkSet ringLandmarks(double dx = 0);
/// A model-space segmentation with the given landmarks and simple RLE strings.
SegmentationData segmentation(const format::LandmarkSet& landmarks, const std::string& tag = "1 10");
/// Whole file as bytes.
std::string readFile(const std::string& path);

}  // namespace cxr::store::test
