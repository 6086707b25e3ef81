#include "core/engine/StoreResultWriter.h"

#include "core/store/ImageErrorRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

namespace cxr::engine {

StoreResultWriter::StoreResultWriter(store::ReviewStore& store, store::RowId modelId, std::string author)
    : m_store(store), m_modelId(modelId), m_author(std::move(author)) {}

store::NewVersion StoreResultWriter::toVersion(const ImageOutcome& outcome, store::RowId modelId,
                                               const std::string& author) {
  store::NewVersion version;
  version.imageId = outcome.item.imageId;
  version.source = store::VersionSource::ModelRun;
  version.author = author;
  version.modelId = modelId;
  version.latent = outcome.latent;
  version.data.landmarksModel = outcome.modelLandmarks;
  version.data.landmarksOriginal = outcome.originalLandmarks;
  version.data.maskSpace = store::LandmarkSpace::Original;
  version.data.rleRightLung = outcome.rle[size_t(format::Organ::RightLung)];
  version.data.rleLeftLung = outcome.rle[size_t(format::Organ::LeftLung)];
  version.data.rleHeart = outcome.rle[size_t(format::Organ::Heart)];
  version.data.height = outcome.height;
  version.data.width = outcome.width;
  return version;
}

store::PreprocessGeometry StoreResultWriter::toGeometry(const InputGeometry& input) {
  // The stored landmarks' model space is always 1024 x 1024 (model [0,1] * 1024), whatever
  // the network's input side, so the record converts between that space and the original.
  store::PreprocessGeometry geometry;
  geometry.modelSize = 1024;
  geometry.originalHeight = input.originalHeight;
  geometry.originalWidth = input.originalWidth;
  geometry.cropLeft = input.cropLeft;
  geometry.cropTop = input.cropTop;
  geometry.cropRight = input.cropRight;
  geometry.cropBottom = input.cropBottom;
  geometry.padLeft = input.padLeft;
  geometry.padTop = input.padTop;
  geometry.squareSide = input.squareSide;
  return geometry;
}

void StoreResultWriter::write(const std::vector<ImageOutcome>& outcomes) {
  // One transaction per group: a kill -9 loses at most this group, and a resumed run redoes
  // exactly the images whose versions are missing.
  store::Transaction transaction(m_store);
  for (const ImageOutcome& outcome : outcomes) {
    if (outcome.ok) {
      m_store.versions().addVersion(toVersion(outcome, m_modelId, m_author), true);
      if (outcome.geometry) m_store.preprocess().put(outcome.item.imageId, toGeometry(*outcome.geometry));
      continue;
    }
    store::ImageErrorInfo error;
    if (outcome.item.imageId > 0) error.imageId = outcome.item.imageId;
    error.modelId = m_modelId;
    error.filePath = outcome.item.path;
    error.stage = outcome.stage.empty() ? "segment" : outcome.stage;
    error.message = outcome.error;
    m_store.imageErrors().record(error);
  }
  transaction.commit();
  if (m_commitObserver) m_commitObserver(outcomes);
}

}  // namespace cxr::engine
