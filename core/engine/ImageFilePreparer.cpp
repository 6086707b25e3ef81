#include "core/engine/ImageFilePreparer.h"

#include "core/engine/EngineError.h"
#include "core/image/ImageLoader.h"
#include "core/image/Preprocessor.h"
#ifdef CXR_ENGINE_WITH_STORE
#include "core/store/Sha256.h"
#endif

#include <filesystem>

namespace cxr::engine {

namespace {

// The file must still be the one the store registered: same size, same pixel dimensions and
// (when the store is linked) the same SHA-256.
void checkUnchanged(const WorkItem& item, const image::LoadedImage& loaded) {
  const std::string advice = "; the file was replaced or changed since it was registered (import it again)";
  if (item.expectedSize >= 0) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(item.path, ec);
    if (!ec && int64_t(size) != item.expectedSize)
      throw EngineError(item.path + ": file size " + std::to_string(size) + " bytes differs from the registered " +
                        std::to_string(item.expectedSize) + advice);
  }
  if (item.expectedWidth > 0 && item.expectedHeight > 0 &&
      (loaded.width != item.expectedWidth || loaded.height != item.expectedHeight))
    throw EngineError(item.path + ": image is " + std::to_string(loaded.width) + " x " + std::to_string(loaded.height) +
                      ", the registered image is " + std::to_string(item.expectedWidth) + " x " +
                      std::to_string(item.expectedHeight) + advice);
#ifdef CXR_ENGINE_WITH_STORE
  if (!item.expectedSha256.empty() && store::Sha256::ofFile(item.path) != item.expectedSha256)
    throw EngineError(item.path + ": content (SHA-256) differs from the registered file" + advice);
#endif
}

}  // namespace

PreparedImage ImageFilePreparer::prepare(const WorkItem& item, int size) const {
  const image::LoadedImage loaded = image::ImageLoader::load(item.path);
  checkUnchanged(item, loaded);
  image::PreprocessedImage model =
      image::Preprocessor::toModelSpace(loaded.grey8.data(), loaded.height, loaded.width, size, m_cropBlackBorders);
  PreparedImage prepared;
  prepared.pixels = std::move(model.pixels);
  prepared.size = model.size;
  prepared.originalHeight = loaded.height;
  prepared.originalWidth = loaded.width;
  // The engine hands over landmarks in the 1024 space (model [0,1] * 1024) whatever the
  // network's input size, so the inverse runs with a 1024 model side.
  image::PreprocessRecord record = model.record;
  record.modelSize = 1024;
  prepared.toOriginal = [record](const format::LandmarkSet& landmarks1024) { return record.toOriginal(landmarks1024); };
  InputGeometry& geometry = prepared.geometry.emplace();
  geometry.originalHeight = record.originalHeight;
  geometry.originalWidth = record.originalWidth;
  geometry.cropLeft = record.cropLeft;
  geometry.cropTop = record.cropTop;
  geometry.cropRight = record.cropRight;
  geometry.cropBottom = record.cropBottom;
  geometry.padLeft = record.padLeft;
  geometry.padTop = record.padTop;
  geometry.squareSide = record.squareSide;
  return prepared;
}

}  // namespace cxr::engine
