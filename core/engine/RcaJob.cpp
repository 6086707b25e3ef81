#include "core/engine/RcaJob.h"

#include "core/image/PreprocessRecord.h"
#include "core/rca/ReverseClassifier.h"
#include "core/store/ImageRepository.h"
#include "core/store/PreprocessRepository.h"
#include "core/store/RcaRepository.h"
#include "core/store/ReviewRepository.h"
#include "core/store/ReviewStore.h"
#include "core/store/Transaction.h"
#include "core/store/VersionRepository.h"

#include <algorithm>

namespace cxr::engine {

std::optional<format::LandmarkSet> landmarksInFilePixels(store::ReviewStore& store, const store::ImageRecord& image,
                                                         const store::SegmentationData& data, int& width,
                                                         int& height) {
  if (data.landmarksOriginal) {
    width = image.info.width, height = image.info.height;
    return *data.landmarksOriginal;
  }
  if (!data.landmarksModel) return std::nullopt;
  image::PreprocessRecord record;
  if (const auto g = store.preprocess().find(image.id)) {
    record.originalHeight = g->originalHeight, record.originalWidth = g->originalWidth;
    record.cropLeft = g->cropLeft, record.cropTop = g->cropTop;
    record.cropRight = g->cropRight, record.cropBottom = g->cropBottom;
    record.padLeft = g->padLeft, record.padTop = g->padTop;
    record.squareSide = g->squareSide;
    record.modelSize = 1024;
    width = g->originalWidth, height = g->originalHeight;
    return record.toOriginalUnrounded(*data.landmarksModel);
  }
  if (image.info.width <= 0 || image.info.height <= 0) return std::nullopt;
  record = image::PreprocessRecord::squarePadding(image.info.height, image.info.width, 1024);
  width = image.info.width, height = image.info.height;
  return record.toOriginalUnrounded(*data.landmarksModel);
}

std::vector<ReferenceSource> referencesFromStore(store::ReviewStore& store, const std::string& reader,
                                                 int64_t& skipped) {
  skipped = 0;
  std::vector<store::RowId> ids = store.reviews().imagesWithStatus(store::ReviewStatus::Corrected, reader);
  const std::vector<store::RowId> accepted = store.reviews().imagesWithStatus(store::ReviewStatus::Accepted, reader);
  ids.insert(ids.end(), accepted.begin(), accepted.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<ReferenceSource> sources;
  for (store::RowId id : ids) {
    const std::optional<store::ImageRecord> image = store.images().find(id);
    if (!image) continue;
    std::optional<store::VersionRecord> version = store.versions().current(id, reader);
    if (!version)
      if (const auto modelVersion = store.versions().latestModelVersion(id)) version = store.versions().find(*modelVersion);
    int width = 0, height = 0;
    const auto landmarks = version ? landmarksInFilePixels(store, *image, version->data, width, height) : std::nullopt;
    if (image->info.filePath.empty() || !landmarks) {
      ++skipped;
      continue;
    }
    ReferenceSource s;
    s.id = image->imageKey;
    s.path = store.images().absolutePath(*image);
    s.landmarks = *landmarks;
    sources.push_back(std::move(s));
  }
  return sources;
}

RcaJob::RcaJob(store::ReviewStore& store, const rca::ReverseClassifier& classifier, RcaJobOptions options)
    : m_store(store), m_classifier(classifier), m_options(std::move(options)) {}

void RcaJob::setCommitObserver(std::function<void(const std::vector<RcaOutcome>&)> observer) {
  m_observer = std::move(observer);
}

std::vector<RcaItem> RcaJob::pendingWork() {
  m_skippedWithoutFile = 0;
  std::vector<RcaItem> items;
  const std::string parameters = m_classifier.parameters().toJson();
  for (const auto& [imageId, versionId] : m_store.rca().modelVersionsWithoutResult(parameters)) {
    const std::optional<store::ImageRecord> image = m_store.images().find(imageId);
    if (!image || !m_options.shard.contains(image->imageKey)) continue;
    if (image->info.filePath.empty()) {
      ++m_skippedWithoutFile;
      continue;
    }
    const std::optional<store::VersionRecord> version = m_store.versions().find(versionId);
    if (!version) continue;
    RcaItem item;
    item.key = image->info.filePath;
    item.path = m_store.images().absolutePath(*image);
    item.imageId = imageId;
    item.versionId = versionId;
    item.latent = version->latent;
    int width = 0, height = 0;
    const std::optional<format::LandmarkSet> landmarks = landmarksInFilePixels(m_store, *image, version->data, width, height);
    if (!landmarks) continue;  // no way to place the landmarks on the file
    item.prediction = *landmarks;
    item.expectedWidth = width;
    item.expectedHeight = height;
    items.push_back(std::move(item));
  }
  return items;
}

RunSummary RcaJob::run(const LatentProvider& latents, ProgressSink& progress, const CancellationToken& cancel) {
  std::vector<RcaItem> items = pendingWork();
  progress.onMessage(MessageLevel::Info, "RCA, reference set " + m_classifier.parameters().refsetId + ", k " +
                                             std::to_string(m_classifier.parameters().k) + ", size " +
                                             std::to_string(m_classifier.parameters().size) + ", shard " +
                                             m_options.shard.toString() + ": " + std::to_string(items.size()) +
                                             " model versions to do");
  if (m_skippedWithoutFile > 0)
    progress.onMessage(MessageLevel::Warning,
                       std::to_string(m_skippedWithoutFile) + " images have no file and are skipped");
  RcaRunner runner(m_classifier, latents, m_options.run);
  return runner.run(
      items,
      [this](const std::vector<RcaOutcome>& outcomes) {
        store::Transaction tx(m_store);
        for (const RcaOutcome& o : outcomes) {
          if (!o.ok) continue;
          store::RcaResultInfo info;
          info.versionId = o.item.versionId;
          info.parametersJson = o.result.parameters.toJson();
          info.perReferenceJson = o.result.perReferenceJson();
          info.mean = o.result.mean;
          info.max = o.result.max;
          m_store.rca().addResult(info);
        }
        tx.commit();
        if (m_observer) m_observer(outcomes);
      },
      progress, cancel);
}

}  // namespace cxr::engine
