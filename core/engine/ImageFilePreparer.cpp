#include "core/engine/ImageFilePreparer.h"

#include "core/image/ImageLoader.h"
#include "core/image/Preprocessor.h"

namespace cxr::engine {

PreparedImage ImageFilePreparer::prepare(const WorkItem& item, int size) const {
  const image::LoadedImage loaded = image::ImageLoader::load(item.path);
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
