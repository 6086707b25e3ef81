#pragma once

#include "core/store/ReviewStore.h"
#include "core/store/StoreTypes.h"

#include <filesystem>
#include <string>
#include <utility>

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
/// Registers an image known only by `key` (no file, as a CSV row without image root); its id.
RowId addImageByKey(ReviewStore& store, const std::string& key);
/// A version of `image` by `author` from `source`: ring landmarks shifted by `dx`, RLE `rle`.
NewVersion ringVersion(RowId image, const std::string& author, VersionSource source, double dx = 0,
                       const std::string& rle = "1 10");
/// Whole file as bytes.
std::string readFile(const std::string& path);


/// Every row of the worklist summary tables (image_summary, reader_state) as text.
std::string summaryDump(ReviewStore& store);
/// The summary tables as the triggers left them, and as a rebuild from the primary tables
/// gives them (the store is rebuilt in place); they must be equal.
std::pair<std::string, std::string> summaryAsMaintainedAndRebuilt(ReviewStore& store);

}  // namespace cxr::store::test
